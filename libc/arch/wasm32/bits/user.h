/* wasm32 has no user-visible register file: struct user is not provided. */
