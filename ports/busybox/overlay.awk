# overlay.awk OURS CONFIG: CONFIG with each symbol that OURS sets (CONFIG_X=... or
# "# CONFIG_X is not set") replaced by our line; symbols CONFIG lacks are appended.
function sym(line, s) {
	if (line !~ /^CONFIG_[A-Za-z0-9_]+=/ && line !~ /^# CONFIG_[A-Za-z0-9_]+ is not set$/) return ""
	s = line; sub(/^# /, "", s); sub(/[ =].*/, "", s)
	return s
}
NR == FNR { s = sym($0); if (s != "") { ours[s] = $0; order[++n] = s }; next }
{ s = sym($0); if (s != "" && s in ours) { print ours[s]; done[s] = 1 } else print }
END { for (i = 1; i <= n; i++) if (!(order[i] in done)) print ours[order[i]] }
