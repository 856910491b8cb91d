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
    "etc__letsencrypt__renewal-hooks__deploy__irisx-nginx.sh|/etc/letsencrypt/renewal-hooks/deploy/irisx-nginx.sh|0755|root"
)

prepare() {
    install -d -m 0755 /var/www/acme &&
    (umask 022 && mkdir -p /etc/irisx/tls) &&
    { [ -d /etc/irisx/tls/api.staging.irisx.example ] || install -d -m 0700 /etc/irisx/tls/api.staging.irisx.example; } &&
    if [ ! -e /etc/irisx/tls/api.staging.irisx.example/fullchain.pem ] && [ ! -L /etc/irisx/tls/api.staging.irisx.example/fullchain.pem ] && [ ! -e /etc/irisx/tls/api.staging.irisx.example/privkey.pem ] && [ ! -L /etc/irisx/tls/api.staging.irisx.example/privkey.pem ]; then
        if [ -s /etc/letsencrypt/live/api.staging.irisx.example/fullchain.pem ] && [ -s /etc/letsencrypt/live/api.staging.irisx.example/privkey.pem ] && [ ! -e /etc/letsencrypt/live/api.staging.irisx.example/IRISX-PLACEHOLDER ]; then
            ln -s /etc/letsencrypt/live/api.staging.irisx.example/privkey.pem /etc/irisx/tls/api.staging.irisx.example/privkey.pem && ln -s /etc/letsencrypt/live/api.staging.irisx.example/fullchain.pem /etc/irisx/tls/api.staging.irisx.example/fullchain.pem &&
            echo "linked /etc/irisx/tls/api.staging.irisx.example to the certificate certbot already issued in /etc/letsencrypt/live/api.staging.irisx.example"
        else
            openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj /CN=api.staging.irisx.example -addext subjectAltName=DNS:api.staging.irisx.example \
                -keyout /etc/irisx/tls/api.staging.irisx.example/privkey.pem.irisx-new -out /etc/irisx/tls/api.staging.irisx.example/fullchain.pem.irisx-new >/dev/null 2>&1 &&
            mv -f /etc/irisx/tls/api.staging.irisx.example/privkey.pem.irisx-new /etc/irisx/tls/api.staging.irisx.example/privkey.pem && mv -f /etc/irisx/tls/api.staging.irisx.example/fullchain.pem.irisx-new /etc/irisx/tls/api.staging.irisx.example/fullchain.pem &&
            echo "self-signed placeholder until certbot's deploy hook (/etc/letsencrypt/renewal-hooks/deploy/irisx-nginx.sh) links the issued certificate" > /etc/irisx/tls/api.staging.irisx.example/IRISX-PLACEHOLDER &&
            echo "placeholder self-signed certificate created in /etc/irisx/tls/api.staging.irisx.example"
        fi
    fi
}
# $tree: the staged tree, each new file at $tree<its path>
validate() {
    sh -n $tree/etc/letsencrypt/renewal-hooks/deploy/irisx-nginx.sh && nginx -t -c $tree/etc/nginx/nginx.conf
}
reload() {
    if systemctl is-active --quiet nginx; then systemctl reload nginx; else systemctl restart nginx; fi
}
prove() {
    true
}
