#!/bin/bash
# managed by irisx-infra, do not edit on the host (source: provisioning/render/push-script.ts)
# push unit "nginx": 3 file(s); stage, validate the staged tree, swap, reload, prove; roll back on failure.
set -uo pipefail
umask 077
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
    { [ -d /etc/irisx/tls/api.dev.irisx.example ] || install -d -m 0700 /etc/irisx/tls/api.dev.irisx.example; } &&
    if [ ! -e /etc/irisx/tls/api.dev.irisx.example/fullchain.pem ] && [ ! -L /etc/irisx/tls/api.dev.irisx.example/fullchain.pem ] && [ ! -e /etc/irisx/tls/api.dev.irisx.example/privkey.pem ] && [ ! -L /etc/irisx/tls/api.dev.irisx.example/privkey.pem ]; then
        if [ -s /etc/letsencrypt/live/api.dev.irisx.example/fullchain.pem ] && [ -s /etc/letsencrypt/live/api.dev.irisx.example/privkey.pem ] && [ ! -e /etc/letsencrypt/live/api.dev.irisx.example/IRISX-PLACEHOLDER ]; then
            ln -s /etc/letsencrypt/live/api.dev.irisx.example/privkey.pem /etc/irisx/tls/api.dev.irisx.example/privkey.pem && ln -s /etc/letsencrypt/live/api.dev.irisx.example/fullchain.pem /etc/irisx/tls/api.dev.irisx.example/fullchain.pem &&
            echo "linked /etc/irisx/tls/api.dev.irisx.example to the certificate certbot already issued in /etc/letsencrypt/live/api.dev.irisx.example"
        else
            openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj /CN=api.dev.irisx.example -addext subjectAltName=DNS:api.dev.irisx.example \
                -keyout /etc/irisx/tls/api.dev.irisx.example/privkey.pem.irisx-new -out /etc/irisx/tls/api.dev.irisx.example/fullchain.pem.irisx-new >/dev/null 2>&1 &&
            mv -f /etc/irisx/tls/api.dev.irisx.example/privkey.pem.irisx-new /etc/irisx/tls/api.dev.irisx.example/privkey.pem && mv -f /etc/irisx/tls/api.dev.irisx.example/fullchain.pem.irisx-new /etc/irisx/tls/api.dev.irisx.example/fullchain.pem &&
            echo "self-signed placeholder until certbot's deploy hook (/etc/letsencrypt/renewal-hooks/deploy/irisx-nginx.sh) links the issued certificate" > /etc/irisx/tls/api.dev.irisx.example/IRISX-PLACEHOLDER &&
            echo "placeholder self-signed certificate created in /etc/irisx/tls/api.dev.irisx.example"
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

# sha256 and content (base64) of each file, in the order of files
sha256=(
    c0442a5de0cc0c16ceb1684af3b0088599c917fd1152b7e7c166d41c922b98d9
    8138c8b975bf3abc31bba46039b64f2b74ed8c36894eb8788433317983f47ecd
    45b84362bcac45e9d436a2c364a50ee88e59afd59129c6efb670a13cba522fd2
)
payload=(
    'IyBtYW5hZ2VkIGJ5IGlyaXN4LWluZnJhLCBkbyBub3QgZWRpdCBvbiB0aGUgaG9zdCAoc291cmNlOiBwcm92aXNpb25pbmcvcmVuZGVyL25naW54LnRzKQoKdXNlciB3d3ctZGF0YTsKd29ya2VyX3Byb2Nlc3NlcyBhdXRvOwpwaWQgL3J1bi9uZ2lueC5waWQ7CmVycm9yX2xvZyAvdmFyL2xvZy9uZ2lueC9lcnJvci5sb2c7CiMgSW5jbHVkZXMgYXJlIHJlbGF0aXZlIHRvIHRoaXMgZmlsZSdzIGRpcmVjdG9yeSwgc28gdGhlIHB1c2gncyBuZ2lueCAtdCAtYyBvbiBhIHN0YWdlZCBjb3B5IHJlYWRzIHRoZSBzdGFnZWQgdHJlZS4KaW5jbHVkZSBtb2R1bGVzLWVuYWJsZWQvKi5jb25mOwoKZXZlbnRzIHsKICAgIHdvcmtlcl9jb25uZWN0aW9ucyAxMDI0Owp9CgpodHRwIHsKICAgIHNlbmRmaWxlIG9uOwogICAgdGNwX25vcHVzaCBvbjsKICAgIHR5cGVzX2hhc2hfbWF4X3NpemUgMjA0ODsKICAgIHNlcnZlcl90b2tlbnMgb2ZmOwoKICAgICMgVExTIGZvciBldmVyeSBzZXJ2ZXIsIGhlcmUgYW5kIG5vdCBpbiB0aGUgQVBJJ3Mgc2VydmVyOiBuZ2lueCA8IDEuMjMuNCB0YWtlcyB0aGUgcHJvdG9jb2wKICAgICMgbGlzdCBvZiBhIGhhbmRzaGFrZSBmcm9tIHRoZSBkZWZhdWx0X3NlcnZlciBvZiB0aGUgYWRkcmVzcyAodGhlIHJlamVjdC1oYW5kc2hha2Ugc2VydmVyKS4KICAgIHNzbF9wcm90b2NvbHMgVExTdjEuMiBUTFN2MS4zOwogICAgc3NsX2NpcGhlcnMgRUNESEUtRUNEU0EtQUVTMTI4LUdDTS1TSEEyNTY6RUNESEUtUlNBLUFFUzEyOC1HQ00tU0hBMjU2OkVDREhFLUVDRFNBLUFFUzI1Ni1HQ00tU0hBMzg0OkVDREhFLVJTQS1BRVMyNTYtR0NNLVNIQTM4NDpFQ0RIRS1FQ0RTQS1DSEFDSEEyMC1QT0xZMTMwNTpFQ0RIRS1SU0EtQ0hBQ0hBMjAtUE9MWTEzMDU7CiAgICBzc2xfcHJlZmVyX3NlcnZlcl9jaXBoZXJzIG9mZjsKICAgIHNzbF9zZXNzaW9uX3RpbWVvdXQgMWQ7CiAgICBzc2xfc2Vzc2lvbl9jYWNoZSBzaGFyZWQ6TW96U1NMOjEwbTsKICAgICMgbmdpbnggPCAxLjIzLjIgY2Fubm90IHJvdGF0ZSB0aWNrZXQga2V5czogdGlja2V0cyBvZmYga2VlcHMgZm9yd2FyZCBzZWNyZWN5LgogICAgc3NsX3Nlc3Npb25fdGlja2V0cyBvZmY7CgogICAgIyBTbG93IGNsaWVudHM6IHNlZSBuZ2lueENsaWVudFRpbWVvdXRzIGFuZCBjb25uZWN0aW9uc1BlckFkZHJlc3MgaW4gcHJvdmlzaW9uaW5nL3JlbmRlci9uZ2lueC50cy4KICAgIGNsaWVudF9oZWFkZXJfdGltZW91dCAxMHM7CiAgICBjbGllbnRfYm9keV90aW1lb3V0IDEwczsKICAgIHNlbmRfdGltZW91dCAxMHM7CiAgICBrZWVwYWxpdmVfdGltZW91dCAxNXM7CiAgICBsaW1pdF9jb25uX3pvbmUgJGJpbmFyeV9yZW1vdGVfYWRkciB6b25lPXBlcmlwOjEwbTsKICAgIGxpbWl0X2Nvbm4gcGVyaXAgMzE7CiAgICBsaW1pdF9jb25uX3N0YXR1cyA0Mjk7CgogICAgaW5jbHVkZSBtaW1lLnR5cGVzOwogICAgZGVmYXVsdF90eXBlIGFwcGxpY2F0aW9uL29jdGV0LXN0cmVhbTsKICAgICMgImNvbWJpbmVkIiB3aXRoIHRoZSBzdGF0dXMgd3JpdHRlbiBhcyBzdGF0dXM9Tk5OOiB0aGUgQ2xvdWRXYXRjaCBtZXRyaWMgZmlsdGVyIGZvciA0MjlzCiAgICAjIChpbmZyYS9tb25pdG9yaW5nL2xvZy1tZXRyaWNzLnRzKSBjb3VudHMgdGhhdCB0ZXJtLCB3aGljaCBhIGJhcmUgbnVtYmVyIHdvdWxkIG5vdCBwaW4gZG93bi4KICAgIGxvZ19mb3JtYXQgaXJpc3ggJyRyZW1vdGVfYWRkciAtICRyZW1vdGVfdXNlciBbJHRpbWVfbG9jYWxdICIkcmVxdWVzdCIgc3RhdHVzPSRzdGF0dXMgJGJvZHlfYnl0ZXNfc2VudCAiJGh0dHBfcmVmZXJlciIgIiRodHRwX3VzZXJfYWdlbnQiIHJ0PSRyZXF1ZXN0X3RpbWUnOwogICAgYWNjZXNzX2xvZyAvdmFyL2xvZy9uZ2lueC9hY2Nlc3MubG9nIGlyaXN4OwoKICAgICMgT25seSBvdXIgb3duIHNpdGVzOiBEZWJpYW4ncyBzaXRlcy1lbmFibGVkL2RlZmF1bHQgaXMgZGVsaWJlcmF0ZWx5IG5vdCBpbmNsdWRlZC4KICAgIGluY2x1ZGUgY29uZi5kLyouY29uZjsKfQo='
    'IyBtYW5hZ2VkIGJ5IGlyaXN4LWluZnJhLCBkbyBub3QgZWRpdCBvbiB0aGUgaG9zdCAoc291cmNlOiBwcm92aXNpb25pbmcvcmVuZGVyL25naW54LnRzKQoKbGltaXRfcmVxX3pvbmUgJGJpbmFyeV9yZW1vdGVfYWRkciB6b25lPWFwaToxMG0gcmF0ZT0xMHIvczsKCnVwc3RyZWFtIGlyaXN4X2FwaSB7CiAgICBzZXJ2ZXIgMTI3LjAuMC4xOjk4NDc7CiAgICBrZWVwYWxpdmUgMTY7Cn0KCiMgUG9ydCA4MCwgYW55IG5hbWUgYnV0IG91cnMgKGEgYmFyZSBJUCwgYSBzdHJhbmdlcidzIEhvc3QsIG5vbmUpOiBjbG9zZSB3aXRob3V0IGFuIGFuc3dlci4Kc2VydmVyIHsKICAgIGxpc3RlbiA4MCBkZWZhdWx0X3NlcnZlcjsKICAgIGxpc3RlbiBbOjpdOjgwIGRlZmF1bHRfc2VydmVyOwogICAgc2VydmVyX25hbWUgXzsKICAgIHJldHVybiA0NDQ7Cn0KCiMgUG9ydCA4MCBmb3Igb3VyIG5hbWU6IExldCdzIEVuY3J5cHQgSFRUUC0wMSBjaGFsbGVuZ2VzLCBldmVyeXRoaW5nIGVsc2UgdG8gSFRUUFMgb24gb3VyIG5hbWUKIyAobmV2ZXIgJGhvc3QsIHdoaWNoIHRoZSBjbGllbnQgY2hvc2UpLgpzZXJ2ZXIgewogICAgbGlzdGVuIDgwOwogICAgbGlzdGVuIFs6Ol06ODA7CiAgICBzZXJ2ZXJfbmFtZSBhcGkuZGV2LmlyaXN4LmV4YW1wbGU7CgogICAgbG9jYXRpb24gXn4gLy53ZWxsLWtub3duL2FjbWUtY2hhbGxlbmdlLyB7CiAgICAgICAgcm9vdCAvdmFyL3d3dy9hY21lOwogICAgICAgIGRlZmF1bHRfdHlwZSB0ZXh0L3BsYWluOwogICAgfQoKICAgIGxvY2F0aW9uIC8gewogICAgICAgIHJldHVybiAzMDggaHR0cHM6Ly9hcGkuZGV2LmlyaXN4LmV4YW1wbGUkcmVxdWVzdF91cmk7CiAgICB9Cn0KCiMgUG9ydCA0NDMsIGFueSBuYW1lIGJ1dCBvdXJzOiByZWZ1c2UgdGhlIFRMUyBoYW5kc2hha2UgZm9yIGEgc3RyYW5nZXIncyBTTkkgKG9yIG5vbmUpLCBhbmQgY2xvc2UKIyB3aXRob3V0IGFuIGFuc3dlciB3aGVuIG91ciBTTkkgY2FycmllcyBhIHN0cmFuZ2VyJ3MgSG9zdCAobmdpbnggcGlja3MgdGhlIHNlcnZlciBieSBIb3N0IHRoZW4pLgpzZXJ2ZXIgewogICAgbGlzdGVuIDQ0MyBzc2wgaHR0cDIgZGVmYXVsdF9zZXJ2ZXI7CiAgICBsaXN0ZW4gWzo6XTo0NDMgc3NsIGh0dHAyIGRlZmF1bHRfc2VydmVyOwogICAgc2VydmVyX25hbWUgXzsKICAgIHNzbF9yZWplY3RfaGFuZHNoYWtlIG9uOwogICAgcmV0dXJuIDQ0NDsKfQoKc2VydmVyIHsKICAgIGxpc3RlbiA0NDMgc3NsIGh0dHAyOwogICAgbGlzdGVuIFs6Ol06NDQzIHNzbCBodHRwMjsKICAgIHNlcnZlcl9uYW1lIGFwaS5kZXYuaXJpc3guZXhhbXBsZTsKCiAgICAjIFBsYWNlaG9sZGVyIHVudGlsIGNlcnRib3QncyBkZXBsb3kgaG9vayBsaW5rcyB0aGVzZSB0byB0aGUgaXNzdWVkIGNlcnRpZmljYXRlLgogICAgc3NsX2NlcnRpZmljYXRlIC9ldGMvaXJpc3gvdGxzL2FwaS5kZXYuaXJpc3guZXhhbXBsZS9mdWxsY2hhaW4ucGVtOwogICAgc3NsX2NlcnRpZmljYXRlX2tleSAvZXRjL2lyaXN4L3Rscy9hcGkuZGV2LmlyaXN4LmV4YW1wbGUvcHJpdmtleS5wZW07CgogICAgYWRkX2hlYWRlciBTdHJpY3QtVHJhbnNwb3J0LVNlY3VyaXR5ICJtYXgtYWdlPTYzMDcyMDAwIiBhbHdheXM7CiAgICBhZGRfaGVhZGVyIFgtQ29udGVudC1UeXBlLU9wdGlvbnMgIm5vc25pZmYiIGFsd2F5czsKICAgIGFkZF9oZWFkZXIgWC1GcmFtZS1PcHRpb25zICJERU5ZIiBhbHdheXM7CiAgICBhZGRfaGVhZGVyIENvbnRlbnQtU2VjdXJpdHktUG9saWN5ICJmcmFtZS1hbmNlc3RvcnMgJ25vbmUnIiBhbHdheXM7CiAgICBhZGRfaGVhZGVyIFJlZmVycmVyLVBvbGljeSAibm8tcmVmZXJyZXIiIGFsd2F5czsKICAgIGFkZF9oZWFkZXIgQ2FjaGUtQ29udHJvbCAibm8tc3RvcmUiIGFsd2F5czsKCiAgICBsaW1pdF9yZXEgem9uZT1hcGkgYnVyc3Q9MjAgbm9kZWxheTsKICAgIGxpbWl0X3JlcV9zdGF0dXMgNDI5OwoKICAgIHByb3h5X2h0dHBfdmVyc2lvbiAxLjE7CiAgICBwcm94eV9zZXRfaGVhZGVyIENvbm5lY3Rpb24gIiI7CiAgICBwcm94eV9zZXRfaGVhZGVyIEhvc3QgJGhvc3Q7CiAgICBwcm94eV9zZXRfaGVhZGVyIFgtUmVhbC1JUCAkcmVtb3RlX2FkZHI7CiAgICAjIG5naW54IGlzIHRoZSBmaXJzdCBob3A6ICRyZW1vdGVfYWRkciwgbm90ICRwcm94eV9hZGRfeF9mb3J3YXJkZWRfZm9yLCBzbyBhIGNsaWVudCBjYW5ub3QKICAgICMgaGFuZCB0aGUgYXBwIGEgZm9yZ2VkIGNoYWluLgogICAgcHJveHlfc2V0X2hlYWRlciBYLUZvcndhcmRlZC1Gb3IgJHJlbW90ZV9hZGRyOwogICAgcHJveHlfc2V0X2hlYWRlciBYLUZvcndhcmRlZC1Qcm90byAkc2NoZW1lOwogICAgcHJveHlfc2V0X2hlYWRlciBYLUZvcndhcmRlZC1Ib3N0IGFwaS5kZXYuaXJpc3guZXhhbXBsZTsKICAgICMgQW4gZW1wdHkgdmFsdWUgZHJvcHMgdGhlIGhlYWRlcjogdGhlIGNsaWVudCdzIG93biBGb3J3YXJkZWQgbmV2ZXIgcmVhY2hlcyB0aGUgYXBwLgogICAgcHJveHlfc2V0X2hlYWRlciBGb3J3YXJkZWQgIiI7CiAgICBwcm94eV9oaWRlX2hlYWRlciBYLVBvd2VyZWQtQnk7CgogICAgIyBUaGUgYXBwIGFuc3dlcnMgaXRzIG93biBoZWFsdGggY2hlY2s7IG5naW54IG9ubHkgcGFzc2VzIGl0IHRocm91Z2ggKHJhdGUgbGltaXQgaW5jbHVkZWQpLgogICAgbG9jYXRpb24gPSAvaGVhbHRoIHsKICAgICAgICBwcm94eV9wYXNzIGh0dHA6Ly9pcmlzeF9hcGk7CiAgICB9CgogICAgbG9jYXRpb24gLyB7CiAgICAgICAgcHJveHlfcGFzcyBodHRwOi8vaXJpc3hfYXBpOwogICAgfQp9Cg=='
    'IyEvYmluL3NoCiMgbWFuYWdlZCBieSBpcmlzeC1pbmZyYSwgZG8gbm90IGVkaXQgb24gdGhlIGhvc3QgKHNvdXJjZTogcHJvdmlzaW9uaW5nL3JlbmRlci9uZ2lueC50cykKIyBjZXJ0Ym90IGRlcGxveSBob29rOiBuZ2lueCBzZXJ2ZXMgYXBpLmRldi5pcmlzeC5leGFtcGxlIGZyb20gL2V0Yy9pcmlzeC90bHMvYXBpLmRldi5pcmlzeC5leGFtcGxlLgojIExpbmtzIGJvdGggZmlsZXMgdG8gdGhlIGxpbmVhZ2UgY2VydGJvdCBqdXN0IGlzc3VlZCBvciByZW5ld2VkICgkUkVORVdFRF9MSU5FQUdFKSwgY2hlY2tzIHdpdGgKIyBuZ2lueCAtdCAocmVzdG9yaW5nIHRoZSBwcmV2aW91cyBwYWlyIGlmIHJlamVjdGVkKSBhbmQgcmVsb2FkcyBuZ2lueC4gT3RoZXIgbGluZWFnZXM6IG5vLW9wLgpzZXQgLXUKZG9tYWluPWFwaS5kZXYuaXJpc3guZXhhbXBsZQp0bHM9L2V0Yy9pcmlzeC90bHMvYXBpLmRldi5pcmlzeC5leGFtcGxlCmxpbmVhZ2U9JHtSRU5FV0VEX0xJTkVBR0U6LS9ldGMvbGV0c2VuY3J5cHQvbGl2ZS9hcGkuZGV2LmlyaXN4LmV4YW1wbGV9Cgpsb2coKSB7IGVjaG8gImlyaXN4LW5naW54IGRlcGxveSBob29rOiAkKiI7IH0KZGllKCkgeyBlY2hvICJpcmlzeC1uZ2lueCBkZXBsb3kgaG9vazogJCoiID4mMjsgZXhpdCAxOyB9CgpjYXNlICIgJHtSRU5FV0VEX0RPTUFJTlM6LSRkb21haW59ICIgaW4KICAgICoiICRkb21haW4gIiopIDs7CiAgICAqKSBsb2cgIiRsaW5lYWdlIGlzIG5vdCBmb3IgJGRvbWFpbjsgbm90aGluZyB0byBkbyI7IGV4aXQgMCA7Owplc2FjCmNhc2UgIiRsaW5lYWdlIiBpbgogICAgLyopIDs7CiAgICAqKSBkaWUgIlJFTkVXRURfTElORUFHRSBtdXN0IGJlIGFuIGFic29sdXRlIHBhdGgsIGdvdCAkbGluZWFnZSIgOzsKZXNhYwpmb3IgZiBpbiBmdWxsY2hhaW4ucGVtIHByaXZrZXkucGVtOyBkbwogICAgWyAtcyAiJGxpbmVhZ2UvJGYiIF0gfHwgZGllICIkbGluZWFnZS8kZiBpcyBtaXNzaW5nIG9yIGVtcHR5OyBuZ2lueCBrZWVwcyBpdHMgY3VycmVudCBjZXJ0aWZpY2F0ZSIKZG9uZQojIEFuIGVhcmxpZXIgcHVzaCBwdXQgaXRzIHBsYWNlaG9sZGVyIGluIGNlcnRib3QncyBmb2xkZXI7IGNlcnRib3QgdGhlbiBpc3N1ZXMgaW50byA8ZG9tYWluPi0wMDAxLgpbICEgLWUgIiRsaW5lYWdlL0lSSVNYLVBMQUNFSE9MREVSIiBdIHx8IGRpZSAiJGxpbmVhZ2UgaG9sZHMgdGhlIHBsYWNlaG9sZGVyIG9mIGFuIGVhcmxpZXIgcHVzaCwgbm90IGEgY2VydGlmaWNhdGUgY2VydGJvdCBpc3N1ZWQ7IG5naW54IGtlZXBzIGl0cyBjdXJyZW50IGNlcnRpZmljYXRlIgoKKHVtYXNrIDAyMiAmJiBta2RpciAtcCAiJHt0bHMlLyp9IikgJiYgeyBbIC1kICIkdGxzIiBdIHx8IGluc3RhbGwgLWQgLW0gMDcwMCAiJHRscyI7IH0gfHwgZGllICJjYW5ub3QgY3JlYXRlICR0bHMiCnByZXZpb3VzPSQobWt0ZW1wIC1kICIkdGxzLy5wcmV2aW91cy5YWFhYWFgiKSB8fCBkaWUgImNhbm5vdCBjcmVhdGUgYSBiYWNrdXAgZGlyZWN0b3J5IGluICR0bHMiCnJlc3RvcmUoKSB7CiAgICBmb3IgZiBpbiBmdWxsY2hhaW4ucGVtIHByaXZrZXkucGVtOyBkbwogICAgICAgIGlmIFsgLWUgIiRwcmV2aW91cy8kZiIgXSB8fCBbIC1MICIkcHJldmlvdXMvJGYiIF07IHRoZW4gbXYgLVRmICIkcHJldmlvdXMvJGYiICIkdGxzLyRmIjsgZWxzZSBybSAtZiAiJHRscy8kZiI7IGZpCiAgICBkb25lCiAgICBybSAtcmYgIiRwcmV2aW91cyIKfQpmb3IgZiBpbiBmdWxsY2hhaW4ucGVtIHByaXZrZXkucGVtOyBkbwogICAgaWYgWyAtZSAiJHRscy8kZiIgXSB8fCBbIC1MICIkdGxzLyRmIiBdOyB0aGVuCiAgICAgICAgY3AgLXBQICIkdGxzLyRmIiAiJHByZXZpb3VzLyRmIiB8fCB7IHJtIC1yZiAiJHByZXZpb3VzIjsgZGllICJjYW5ub3QgYmFjayB1cCAkdGxzLyRmOyBub3RoaW5nIGNoYW5nZWQiOyB9CiAgICBmaQpkb25lCiMgQSBzeW1saW5rIGludG8gY2VydGJvdCdzIGxpdmUgZGlyZWN0b3J5IGZvbGxvd3MgZXZlcnkgbGF0ZXIgcmVuZXdhbDsgcmVuYW1lKDIpIHN3YXBzIGVhY2ggcGF0aCB3aG9sZS4KZm9yIGYgaW4gZnVsbGNoYWluLnBlbSBwcml2a2V5LnBlbTsgZG8KICAgIGlmICEgeyBsbiAtc2ZuICIkbGluZWFnZS8kZiIgIiR0bHMvLiRmLmlyaXN4LW5ldyIgJiYgbXYgLVRmICIkdGxzLy4kZi5pcmlzeC1uZXciICIkdGxzLyRmIjsgfTsgdGhlbgogICAgICAgIHJlc3RvcmUKICAgICAgICBkaWUgImNhbm5vdCBsaW5rICR0bHMvJGYgdG8gJGxpbmVhZ2UvJGY7IHByZXZpb3VzIGNlcnRpZmljYXRlIHJlc3RvcmVkIgogICAgZmkKZG9uZQppZiAhIG91dD0kKG5naW54IC10IDI+JjEpOyB0aGVuCiAgICByZXN0b3JlCiAgICBkaWUgIm5naW54IC10IHJlamVjdGVkIHRoZSBjZXJ0aWZpY2F0ZSBpbiAkbGluZWFnZTsgcHJldmlvdXMgY2VydGlmaWNhdGUgcmVzdG9yZWQsIG5naW54IG5vdCByZWxvYWRlZDoKJG91dCIKZmkKcm0gLXJmICIkcHJldmlvdXMiCnJtIC1mIC9ldGMvaXJpc3gvdGxzL2FwaS5kZXYuaXJpc3guZXhhbXBsZS9JUklTWC1QTEFDRUhPTERFUgppZiAhIG91dD0kKCAoaWYgc3lzdGVtY3RsIGlzLWFjdGl2ZSAtLXF1aWV0IG5naW54OyB0aGVuIHN5c3RlbWN0bCByZWxvYWQgbmdpbng7IGVsc2Ugc3lzdGVtY3RsIHJlc3RhcnQgbmdpbng7IGZpKSAyPiYxKTsgdGhlbgogICAgZGllICJsaW5rZWQgJHRscyB0byAkbGluZWFnZSBidXQgdGhlIG5naW54IHJlbG9hZCBmYWlsZWQ6ICRvdXQiCmZpCmxvZyAibmdpbnggc2VydmVzICRkb21haW4gd2l0aCB0aGUgY2VydGlmaWNhdGUgaW4gJGxpbmVhZ2UiCg=='
)

run=/run/irisx-push/$unit
tree=$run/tree
journal=/var/lib/irisx-push/$unit.pending
backups=/var/backups/irisx/$unit
phase=start child= bdir= step_out= changed=()

log() { echo "irisx-push[$unit]: $*"; }
finish() { local code=$1; shift; echo "irisx-push[$unit]: $*" >&2; exit "$code"; }
hash_of() { sha256sum "$1" | cut -d' ' -f1; }
# Validator messages name the live paths, not the staging directory.
untree() { printf '%s' "${1//$tree/}"; }

wait_for_boot() {
    # cloud-init 22.4 (Debian 12) "status --wait" loops while the status is "not run"
    # (cloudinit/cmd/status.py): forever where cloud-init never starts. It runs on this boot only
    # if its systemd generator enabled it (/run/cloud-init/enabled) or it has written status.json.
    command -v cloud-init >/dev/null 2>&1 || return 0
    if [ ! -e /run/cloud-init/enabled ] && [ ! -e /run/cloud-init/status.json ]; then
        log "cloud-init is installed but does not run on this boot: not waiting for it"
        return 0
    fi
    timeout 900 cloud-init status --wait >/dev/null 2>&1 || log "cloud-init: $(cloud-init status 2>/dev/null | tr '\n' ' ')"
}

# Runs a unit step in its own process group in the background and waits: bash runs a trap only
# between foreground commands, so HUP/INT/TERM are handled at once and end the whole step.
step() {
    local out rc
    out=$(mktemp "$run/step.XXXXXX") || { step_out="cannot create a file in $run"; return 1; }
    set -m
    ( trap - HUP INT TERM PIPE; exec 9>&-; "$@" ) >"$out" 2>&1 </dev/null &
    child=$!
    set +m
    wait "$child"
    rc=$?
    child=
    step_out=$(cat "$out")
    rm -f "$out"
    return "$rc"
}

on_signal() {
    trap '' HUP INT TERM
    if [ -n "$child" ]; then kill -TERM -- "-$child" 2>/dev/null; { wait "$child"; } 2>/dev/null; child=; fi
    case $phase in
        swap | reload | prove) roll_back "interrupted by SIG$1 during the $phase" ;;
        recover) finish 5 "interrupted by SIG$1 while restoring an interrupted push: host needs attention (journal $journal kept; the next push retries)" ;;
        *) finish 1 "interrupted by SIG$1 before any file changed; nothing changed" ;;
    esac
}

# Copies the directories the validator reads, then decodes each file to its path in the tree.
stage() {
    local i dir name target mode group
    rm -rf "$run" && mkdir -p -m 0700 "${run%/*}" && mkdir -m 0700 "$run" "$tree" || finish 1 "cannot create $run; nothing changed"
    for dir in "${tree_dirs[@]}"; do
        [ ! -d "$dir" ] || { mkdir -p "$tree${dir%/*}" && cp -a "$dir" "$tree$dir"; } || finish 1 "cannot copy $dir into $tree; nothing changed"
    done
    for i in "${!files[@]}"; do
        IFS='|' read -r name target mode group <<<"${files[$i]}"
        mkdir -p "$tree${target%/*}" && printf '%s' "${payload[$i]}" | base64 -d >"$tree$target" ||
            finish 1 "cannot stage $target; nothing changed"
        [ "$(hash_of "$tree$target")" = "${sha256[$i]}" ] || finish 1 "staged copy of $target does not match its hash; nothing changed"
    done
}

staged_intact() {
    local i name target mode group
    for i in "${!files[@]}"; do
        IFS='|' read -r name target mode group <<<"${files[$i]}"
        [ "$(hash_of "$tree$target" 2>/dev/null)" = "${sha256[$i]}" ] || { echo "$target"; return 1; }
    done
}

# The journal, written before any live file changes: per changed file its previous hash, mode and
# owner ("absent" when new), and where this push keeps the previous copies.
write_journal() {
    local i name target mode group
    {
        echo "bdir=$bdir"
        for i in "${changed[@]}"; do
            IFS='|' read -r name target mode group <<<"${files[$i]}"
            if [ -e "$target" ]; then echo "$name|$target|$(hash_of "$target")|$(stat -c '%a|%U|%G' "$target")"; else echo "$name|$target|absent|||"; fi
        done
    } >"$journal.new" && sync "$journal.new" && mv -f "$journal.new" "$journal" && sync "${journal%/*}" && return 0
    rm -f "$journal.new"
    return 1
}

# Puts every file of the journal back as it was; prints the targets it could not restore.
revert() {
    local line name target old mode user group jbdir
    jbdir=$(sed -n 's/^bdir=//p' "$journal")
    while IFS= read -r line; do
        case $line in bdir=*) continue ;; esac
        IFS='|' read -r name target old mode user group <<<"$line"
        rm -f "$target.irisx-new"
        if [ -e "$target.irisx-old" ] && [ "$target.irisx-old" -ef "$target" ]; then
            rm -f "$target.irisx-old"
        elif [ -e "$target.irisx-old" ]; then
            mv -f "$target.irisx-old" "$target"
        elif [ "$old" = absent ]; then
            rm -f "$target"
        elif [ ! -f "$target" ] || [ "$(hash_of "$target")" != "$old" ]; then
            install -m "$mode" -o "$user" -g "$group" "$jbdir/$name" "$target.irisx-new" && mv -f "$target.irisx-new" "$target"
        fi
        if [ "$old" = absent ]; then [ ! -e "$target" ]; else [ -f "$target" ] && [ "$(hash_of "$target")" = "$old" ]; fi || echo " $target"
    done <"$journal" 2>/dev/null
}

# Restores the previous files, reloads when a reload may have run, and exits 4 (or 5).
roll_back() {
    local why=$1 was=$phase bad
    trap '' HUP INT TERM
    phase=rollback
    bad=$(revert)
    [ -z "$bad" ] || finish 5 "$why; could not restore$bad: host needs attention (journal $journal kept)"
    case $was in
        reload | prove)
            step reload || finish 5 "$why; previous files restored but their reload failed too: host needs attention:
$step_out"
            rm -f "$journal" && rm -rf "$bdir"
            finish 4 "$why; previous files restored and reloaded" ;;
        *)
            rm -f "$journal" && rm -rf "$bdir"
            finish 4 "$why; previous files restored, nothing was reloaded" ;;
    esac
}

# A journal left behind means an earlier push died between its first change and its end: put
# its previous files back and reload them before this push starts (never a silent "unchanged").
recover() {
    local bad
    [ -e "$journal" ] || return 0
    phase=recover
    bdir=$(sed -n 's/^bdir=//p' "$journal")
    log "an earlier push of this unit did not finish: restoring its previous files"
    bad=$(revert)
    [ -z "$bad" ] || finish 5 "cannot restore the previous files of an interrupted push:$bad: host needs attention (journal $journal kept)"
    step reload || finish 5 "restored the previous files of an interrupted push but their reload failed: host needs attention:
$step_out"
    rm -f "$journal" && rm -rf "$bdir"
    log "previous files of the interrupted push restored and reloaded"
    bdir= phase=start
}

swap_in() {
    local target=$1 mode=$2 group=$3 want=$4
    (umask 022 && mkdir -p "${target%/*}") || return 1
    if [ -e "$target" ]; then ln -f "$target" "$target.irisx-old" || return 1; fi
    install -m "$mode" -o root -g "$group" "$tree$target" "$target.irisx-new" || return 1
    # The bytes that go live are the ones validated, checked after the copy.
    [ "$(hash_of "$target.irisx-new")" = "$want" ] || { echo "its copy does not match the validated content"; return 1; }
    mv -f "$target.irisx-new" "$target"
}

prune_backups() {
    ls -1dt "$backups"/*/ 2>/dev/null | tail -n +$((keep + 1)) | xargs -r rm -rf
}

main() {
    local tool i name target mode group
    wait_for_boot
    for tool in "${requires[@]}"; do
        command -v "$tool" >/dev/null 2>&1 || finish 1 "$tool is not installed (cloud-init installs it); nothing changed"
    done
    mkdir -p /run/lock && exec 9>/run/lock/irisx-push.lock || finish 1 "cannot open the push lock; nothing changed"
    flock -w 600 9 || finish 1 "another push is still running; nothing changed"
    trap 'on_signal HUP' HUP
    trap 'on_signal INT' INT
    trap 'on_signal TERM' TERM
    # A dropped SSH session must not kill the push halfway: it finishes or rolls back unheard.
    trap '' PIPE
    trap 'rm -rf "$run"' EXIT
    # Plaintext copies left by pushes that staged with CopyToRemote.
    rm -rf "$legacy_stage" && rmdir "${legacy_stage%/*}" 2>/dev/null
    mkdir -p -m 0700 "${journal%/*}" && install -d -m 0700 "${backups%/*}" "$backups" || finish 1 "cannot create ${journal%/*} or $backups; nothing changed"
    stage
    recover

    for i in "${!files[@]}"; do
        IFS='|' read -r name target mode group <<<"${files[$i]}"
        rm -f "$target.irisx-new" "$target.irisx-old"
        if [ -f "$target" ] && [ "$(hash_of "$target")" = "${sha256[$i]}" ] && [ "$(stat -c '%a %U %G' "$target")" = "${mode#0} root $group" ]; then
            continue
        fi
        changed+=("$i")
    done
    if [ "${#changed[@]}" -eq 0 ]; then
        log "unchanged (${#files[@]} file(s))"
        prune_backups
        return 0
    fi

    step prepare || finish 1 "prepare failed; nothing changed: $step_out"
    [ -z "$step_out" ] || log "$step_out"
    phase=validate
    step validate || finish 3 "rejected by the validator; nothing changed, the service runs on its current files:
$(untree "$step_out")"
    target=$(staged_intact) || finish 1 "the staged copy of $target changed after it was staged; nothing changed"

    bdir="$backups/$(date -u +%Y%m%dT%H%M%SZ)-$$"
    mkdir -m 0700 "$bdir" || finish 1 "cannot create $bdir; nothing changed"
    for i in "${changed[@]}"; do
        IFS='|' read -r name target mode group <<<"${files[$i]}"
        [ -e "$target" ] || continue
        cp -p "$target" "$bdir/$name" && { [ "$secret" = 0 ] || { chown root:root "$bdir/$name" && chmod 0600 "$bdir/$name"; }; } ||
            { rm -rf "$bdir"; finish 1 "cannot back up $target; nothing changed"; }
    done
    write_journal || { rm -rf "$bdir"; finish 1 "cannot write $journal; nothing changed"; }

    phase=swap
    for i in "${changed[@]}"; do
        IFS='|' read -r name target mode group <<<"${files[$i]}"
        step_out=$(swap_in "$target" "$mode" "$group" "${sha256[$i]}" 2>&1) || roll_back "cannot install $target: $step_out"
    done
    rm -rf "$tree"
    phase=reload
    step reload || roll_back "reload failed:
$step_out"
    [ -z "$step_out" ] || log "$step_out"
    phase=prove
    step prove || roll_back "the check after the reload failed:
$step_out"
    [ -z "$step_out" ] || log "$step_out"
    trap '' HUP INT TERM
    phase=done
    for i in "${changed[@]}"; do
        IFS='|' read -r name target mode group <<<"${files[$i]}"
        rm -f "$target.irisx-old"
        log "updated $target"
    done
    rm -f "$journal"
    log "applied: validated, swapped and reloaded; previous files in $bdir"
    prune_backups
}

main </dev/null
