unit=cloudwatch-agent
secret=0
keep=10
legacy_stage=/home/admin/.irisx-push/cloudwatch-agent
requires=(/opt/aws/amazon-cloudwatch-agent/bin/amazon-cloudwatch-agent-ctl /opt/aws/amazon-cloudwatch-agent/bin/config-translator)
# live directories the validator reads beside the unit's files, copied into the staged tree first
tree_dirs=()
# staged name | target | mode | group
files=(
    "etc__irisx__cloudwatch-agent.json|/etc/irisx/cloudwatch-agent.json|0644|root"
)

prepare() {
    true
}
# $tree: the staged tree, each new file at $tree<its path>
validate() {
    d=$(mktemp -d) && trap 'rm -rf "$d"' EXIT && mkdir "$d/in" && cp $tree/etc/irisx/cloudwatch-agent.json "$d/in/file_irisx.json.tmp" &&
    /opt/aws/amazon-cloudwatch-agent/bin/config-translator --input "$d/none.json" --input-dir "$d/in" --output "$d/agent.toml" --mode ec2 --config /opt/aws/amazon-cloudwatch-agent/etc/common-config.toml --multi-config default &&
    /opt/aws/amazon-cloudwatch-agent/bin/amazon-cloudwatch-agent -schematest -config "$d/agent.toml"
}
reload() {
    /opt/aws/amazon-cloudwatch-agent/bin/amazon-cloudwatch-agent-ctl -a fetch-config -m ec2 -s -c file:/etc/irisx/cloudwatch-agent.json
}
prove() {
    true
}
