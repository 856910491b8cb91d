unit=api-env
secret=1
keep=1
legacy_stage=/home/admin/.irisx-push/api-env
requires=(awk)
# live directories the validator reads beside the unit's files, copied into the staged tree first
tree_dirs=()
# staged name | target | mode | group
files=(
    "etc__irisx__api.env|/etc/irisx/api.env|0600|root"
)

prepare() {
    true
}
# $tree: the staged tree, each new file at $tree<its path>
validate() {
    awk '!/^#/ && !/^[A-Z_][A-Z0-9_]*=[^[:space:]"\047\\]*$/ { print FILENAME ":" FNR ": not KEY=value"; bad = 1 } END { exit bad }' $tree/etc/irisx/api.env
}
reload() {
    if systemctl cat irisx-api.service >/dev/null 2>&1; then systemctl try-restart irisx-api.service; else echo "irisx-api.service is not installed yet; it reads /etc/irisx/api.env when it starts"; fi
}
prove() {
    true
}
