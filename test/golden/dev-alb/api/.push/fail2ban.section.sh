unit=fail2ban
secret=0
keep=10
legacy_stage=/home/admin/.irisx-push/fail2ban
requires=(fail2ban-client iptables /usr/bin/python3)
# live directories the validator reads beside the unit's files, copied into the staged tree first
tree_dirs=(/etc/fail2ban)
# staged name | target | mode | group
files=(
    "etc__fail2ban__jail.d__irisx.local|/etc/fail2ban/jail.d/irisx.local|0644|root"
    "etc__fail2ban__action.d__irisx-waf-ipset.conf|/etc/fail2ban/action.d/irisx-waf-ipset.conf|0644|root"
    "usr__local__sbin__irisx-waf-ipset|/usr/local/sbin/irisx-waf-ipset|0755|root"
)

prepare() {
    [ -e /var/log/nginx/error.log ] || { install -d -m 0755 /var/log/nginx && install -m 0640 /dev/null /var/log/nginx/error.log; }
}
# $tree: the staged tree, each new file at $tree<its path>
validate() {
    fail2ban-client -c $tree/etc/fail2ban -t && /usr/bin/python3 -c 'import ast, sys; from boto3 import client; from botocore.config import Config; ast.parse(open(sys.argv[1]).read(), sys.argv[1])' $tree/usr/local/sbin/irisx-waf-ipset
}
reload() {
    if systemctl is-active --quiet fail2ban; then fail2ban-client reload; else systemctl restart fail2ban; fi
}
prove() {
    true
}
