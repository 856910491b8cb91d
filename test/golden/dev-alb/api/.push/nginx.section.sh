unit=nginx
secret=0
keep=10
legacy_stage=/home/admin/.irisx-push/nginx
requires=(nginx openssl)
# live directories the validator reads beside the unit's files, copied into the staged tree first
tree_dirs=(/etc/nginx)
# staged name | target | mode | group
files=(
    "etc__nginx__nginx.conf|/etc/nginx/nginx.conf|0644|root"
    "etc__nginx__conf.d__irisx-api.conf|/etc/nginx/conf.d/irisx-api.conf|0644|root"
)

prepare() {
    (umask 022 && mkdir -p /etc/irisx/tls) &&
    { [ -d /etc/irisx/tls/alb-target ] || install -d -m 0700 /etc/irisx/tls/alb-target; } &&
    if [ ! -s /etc/irisx/tls/alb-target/fullchain.pem ] || [ ! -s /etc/irisx/tls/alb-target/privkey.pem ]; then
        openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj /CN=api.dev.irisx.example -addext subjectAltName=DNS:api.dev.irisx.example \
            -keyout /etc/irisx/tls/alb-target/privkey.pem.irisx-new -out /etc/irisx/tls/alb-target/fullchain.pem.irisx-new >/dev/null 2>&1 &&
        mv -f /etc/irisx/tls/alb-target/privkey.pem.irisx-new /etc/irisx/tls/alb-target/privkey.pem && mv -f /etc/irisx/tls/alb-target/fullchain.pem.irisx-new /etc/irisx/tls/alb-target/fullchain.pem &&
        echo "self-signed certificate for the load balancer's hop created in /etc/irisx/tls/alb-target (3650 days)"
    fi
}
# $tree: the staged tree, each new file at $tree<its path>
validate() {
    nginx -t -c $tree/etc/nginx/nginx.conf
}
reload() {
    if systemctl is-active --quiet nginx; then systemctl reload nginx; else systemctl restart nginx; fi
}
prove() {
    true
}
