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
    { [ -d /etc/irisx/tls/api.irisx.example ] || install -d -m 0700 /etc/irisx/tls/api.irisx.example; } &&
    if [ ! -e /etc/irisx/tls/api.irisx.example/fullchain.pem ] && [ ! -L /etc/irisx/tls/api.irisx.example/fullchain.pem ] && [ ! -e /etc/irisx/tls/api.irisx.example/privkey.pem ] && [ ! -L /etc/irisx/tls/api.irisx.example/privkey.pem ]; then
        if [ -s /etc/letsencrypt/live/api.irisx.example/fullchain.pem ] && [ -s /etc/letsencrypt/live/api.irisx.example/privkey.pem ] && [ ! -e /etc/letsencrypt/live/api.irisx.example/IRISX-PLACEHOLDER ]; then
            ln -s /etc/letsencrypt/live/api.irisx.example/privkey.pem /etc/irisx/tls/api.irisx.example/privkey.pem && ln -s /etc/letsencrypt/live/api.irisx.example/fullchain.pem /etc/irisx/tls/api.irisx.example/fullchain.pem &&
            echo "linked /etc/irisx/tls/api.irisx.example to the certificate certbot already issued in /etc/letsencrypt/live/api.irisx.example"
        else
            openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj /CN=api.irisx.example -addext subjectAltName=DNS:api.irisx.example \
                -keyout /etc/irisx/tls/api.irisx.example/privkey.pem.irisx-new -out /etc/irisx/tls/api.irisx.example/fullchain.pem.irisx-new >/dev/null 2>&1 &&
            mv -f /etc/irisx/tls/api.irisx.example/privkey.pem.irisx-new /etc/irisx/tls/api.irisx.example/privkey.pem && mv -f /etc/irisx/tls/api.irisx.example/fullchain.pem.irisx-new /etc/irisx/tls/api.irisx.example/fullchain.pem &&
            echo "self-signed placeholder until certbot's deploy hook (/etc/letsencrypt/renewal-hooks/deploy/irisx-nginx.sh) links the issued certificate" > /etc/irisx/tls/api.irisx.example/IRISX-PLACEHOLDER &&
            echo "placeholder self-signed certificate created in /etc/irisx/tls/api.irisx.example"
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
    8212b272a305ee63ff143d2884c36c37e7533efd55bfeca02137f5379fc025ba
    569fff91640f9f9902f50ef66cedb047333482b2569813ed742d55bc360de025
)
payload=(
    'IyBtYW5hZ2VkIGJ5IGlyaXN4LWluZnJhLCBkbyBub3QgZWRpdCBvbiB0aGUgaG9zdCAoc291cmNlOiBwcm92aXNpb25pbmcvcmVuZGVyL25naW54LnRzKQoKdXNlciB3d3ctZGF0YTsKd29ya2VyX3Byb2Nlc3NlcyBhdXRvOwpwaWQgL3J1bi9uZ2lueC5waWQ7CmVycm9yX2xvZyAvdmFyL2xvZy9uZ2lueC9lcnJvci5sb2c7CiMgSW5jbHVkZXMgYXJlIHJlbGF0aXZlIHRvIHRoaXMgZmlsZSdzIGRpcmVjdG9yeSwgc28gdGhlIHB1c2gncyBuZ2lueCAtdCAtYyBvbiBhIHN0YWdlZCBjb3B5IHJlYWRzIHRoZSBzdGFnZWQgdHJlZS4KaW5jbHVkZSBtb2R1bGVzLWVuYWJsZWQvKi5jb25mOwoKZXZlbnRzIHsKICAgIHdvcmtlcl9jb25uZWN0aW9ucyAxMDI0Owp9CgpodHRwIHsKICAgIHNlbmRmaWxlIG9uOwogICAgdGNwX25vcHVzaCBvbjsKICAgIHR5cGVzX2hhc2hfbWF4X3NpemUgMjA0ODsKICAgIHNlcnZlcl90b2tlbnMgb2ZmOwoKICAgICMgVExTIGZvciBldmVyeSBzZXJ2ZXIsIGhlcmUgYW5kIG5vdCBpbiB0aGUgQVBJJ3Mgc2VydmVyOiBuZ2lueCA8IDEuMjMuNCB0YWtlcyB0aGUgcHJvdG9jb2wKICAgICMgbGlzdCBvZiBhIGhhbmRzaGFrZSBmcm9tIHRoZSBkZWZhdWx0X3NlcnZlciBvZiB0aGUgYWRkcmVzcyAodGhlIHJlamVjdC1oYW5kc2hha2Ugc2VydmVyKS4KICAgIHNzbF9wcm90b2NvbHMgVExTdjEuMiBUTFN2MS4zOwogICAgc3NsX2NpcGhlcnMgRUNESEUtRUNEU0EtQUVTMTI4LUdDTS1TSEEyNTY6RUNESEUtUlNBLUFFUzEyOC1HQ00tU0hBMjU2OkVDREhFLUVDRFNBLUFFUzI1Ni1HQ00tU0hBMzg0OkVDREhFLVJTQS1BRVMyNTYtR0NNLVNIQTM4NDpFQ0RIRS1FQ0RTQS1DSEFDSEEyMC1QT0xZMTMwNTpFQ0RIRS1SU0EtQ0hBQ0hBMjAtUE9MWTEzMDU7CiAgICBzc2xfcHJlZmVyX3NlcnZlcl9jaXBoZXJzIG9mZjsKICAgIHNzbF9zZXNzaW9uX3RpbWVvdXQgMWQ7CiAgICBzc2xfc2Vzc2lvbl9jYWNoZSBzaGFyZWQ6TW96U1NMOjEwbTsKICAgICMgbmdpbnggPCAxLjIzLjIgY2Fubm90IHJvdGF0ZSB0aWNrZXQga2V5czogdGlja2V0cyBvZmYga2VlcHMgZm9yd2FyZCBzZWNyZWN5LgogICAgc3NsX3Nlc3Npb25fdGlja2V0cyBvZmY7CgogICAgIyBTbG93IGNsaWVudHM6IHNlZSBuZ2lueENsaWVudFRpbWVvdXRzIGFuZCBjb25uZWN0aW9uc1BlckFkZHJlc3MgaW4gcHJvdmlzaW9uaW5nL3JlbmRlci9uZ2lueC50cy4KICAgIGNsaWVudF9oZWFkZXJfdGltZW91dCAxMHM7CiAgICBjbGllbnRfYm9keV90aW1lb3V0IDEwczsKICAgIHNlbmRfdGltZW91dCAxMHM7CiAgICBrZWVwYWxpdmVfdGltZW91dCAxNXM7CiAgICBsaW1pdF9jb25uX3pvbmUgJGJpbmFyeV9yZW1vdGVfYWRkciB6b25lPXBlcmlwOjEwbTsKICAgIGxpbWl0X2Nvbm4gcGVyaXAgMzE7CiAgICBsaW1pdF9jb25uX3N0YXR1cyA0Mjk7CgogICAgaW5jbHVkZSBtaW1lLnR5cGVzOwogICAgZGVmYXVsdF90eXBlIGFwcGxpY2F0aW9uL29jdGV0LXN0cmVhbTsKICAgICMgImNvbWJpbmVkIiB3aXRoIHRoZSBzdGF0dXMgd3JpdHRlbiBhcyBzdGF0dXM9Tk5OOiB0aGUgQ2xvdWRXYXRjaCBtZXRyaWMgZmlsdGVyIGZvciA0MjlzCiAgICAjIChpbmZyYS9tb25pdG9yaW5nL2xvZy1tZXRyaWNzLnRzKSBjb3VudHMgdGhhdCB0ZXJtLCB3aGljaCBhIGJhcmUgbnVtYmVyIHdvdWxkIG5vdCBwaW4gZG93bi4KICAgIGxvZ19mb3JtYXQgaXJpc3ggJyRyZW1vdGVfYWRkciAtICRyZW1vdGVfdXNlciBbJHRpbWVfbG9jYWxdICIkcmVxdWVzdCIgc3RhdHVzPSRzdGF0dXMgJGJvZHlfYnl0ZXNfc2VudCAiJGh0dHBfcmVmZXJlciIgIiRodHRwX3VzZXJfYWdlbnQiIHJ0PSRyZXF1ZXN0X3RpbWUnOwogICAgYWNjZXNzX2xvZyAvdmFyL2xvZy9uZ2lueC9hY2Nlc3MubG9nIGlyaXN4OwoKICAgICMgT25seSBvdXIgb3duIHNpdGVzOiBEZWJpYW4ncyBzaXRlcy1lbmFibGVkL2RlZmF1bHQgaXMgZGVsaWJlcmF0ZWx5IG5vdCBpbmNsdWRlZC4KICAgIGluY2x1ZGUgY29uZi5kLyouY29uZjsKfQo='
    'IyBtYW5hZ2VkIGJ5IGlyaXN4LWluZnJhLCBkbyBub3QgZWRpdCBvbiB0aGUgaG9zdCAoc291cmNlOiBwcm92aXNpb25pbmcvcmVuZGVyL25naW54LnRzKQoKbGltaXRfcmVxX3pvbmUgJGJpbmFyeV9yZW1vdGVfYWRkciB6b25lPWFwaToxMG0gcmF0ZT0xMHIvczsKCnVwc3RyZWFtIGlyaXN4X2FwaSB7CiAgICBzZXJ2ZXIgMTI3LjAuMC4xOjk4NDk7CiAgICBrZWVwYWxpdmUgMTY7Cn0KCiMgUG9ydCA4MCwgYW55IG5hbWUgYnV0IG91cnMgKGEgYmFyZSBJUCwgYSBzdHJhbmdlcidzIEhvc3QsIG5vbmUpOiBjbG9zZSB3aXRob3V0IGFuIGFuc3dlci4Kc2VydmVyIHsKICAgIGxpc3RlbiA4MCBkZWZhdWx0X3NlcnZlcjsKICAgIGxpc3RlbiBbOjpdOjgwIGRlZmF1bHRfc2VydmVyOwogICAgc2VydmVyX25hbWUgXzsKICAgIHJldHVybiA0NDQ7Cn0KCiMgUG9ydCA4MCBmb3Igb3VyIG5hbWU6IExldCdzIEVuY3J5cHQgSFRUUC0wMSBjaGFsbGVuZ2VzLCBldmVyeXRoaW5nIGVsc2UgdG8gSFRUUFMgb24gb3VyIG5hbWUKIyAobmV2ZXIgJGhvc3QsIHdoaWNoIHRoZSBjbGllbnQgY2hvc2UpLgpzZXJ2ZXIgewogICAgbGlzdGVuIDgwOwogICAgbGlzdGVuIFs6Ol06ODA7CiAgICBzZXJ2ZXJfbmFtZSBhcGkuaXJpc3guZXhhbXBsZTsKCiAgICBsb2NhdGlvbiBefiAvLndlbGwta25vd24vYWNtZS1jaGFsbGVuZ2UvIHsKICAgICAgICByb290IC92YXIvd3d3L2FjbWU7CiAgICAgICAgZGVmYXVsdF90eXBlIHRleHQvcGxhaW47CiAgICB9CgogICAgbG9jYXRpb24gLyB7CiAgICAgICAgcmV0dXJuIDMwOCBodHRwczovL2FwaS5pcmlzeC5leGFtcGxlJHJlcXVlc3RfdXJpOwogICAgfQp9CgojIFBvcnQgNDQzLCBhbnkgbmFtZSBidXQgb3VyczogcmVmdXNlIHRoZSBUTFMgaGFuZHNoYWtlIGZvciBhIHN0cmFuZ2VyJ3MgU05JIChvciBub25lKSwgYW5kIGNsb3NlCiMgd2l0aG91dCBhbiBhbnN3ZXIgd2hlbiBvdXIgU05JIGNhcnJpZXMgYSBzdHJhbmdlcidzIEhvc3QgKG5naW54IHBpY2tzIHRoZSBzZXJ2ZXIgYnkgSG9zdCB0aGVuKS4Kc2VydmVyIHsKICAgIGxpc3RlbiA0NDMgc3NsIGh0dHAyIGRlZmF1bHRfc2VydmVyOwogICAgbGlzdGVuIFs6Ol06NDQzIHNzbCBodHRwMiBkZWZhdWx0X3NlcnZlcjsKICAgIHNlcnZlcl9uYW1lIF87CiAgICBzc2xfcmVqZWN0X2hhbmRzaGFrZSBvbjsKICAgIHJldHVybiA0NDQ7Cn0KCnNlcnZlciB7CiAgICBsaXN0ZW4gNDQzIHNzbCBodHRwMjsKICAgIGxpc3RlbiBbOjpdOjQ0MyBzc2wgaHR0cDI7CiAgICBzZXJ2ZXJfbmFtZSBhcGkuaXJpc3guZXhhbXBsZTsKCiAgICAjIFBsYWNlaG9sZGVyIHVudGlsIGNlcnRib3QncyBkZXBsb3kgaG9vayBsaW5rcyB0aGVzZSB0byB0aGUgaXNzdWVkIGNlcnRpZmljYXRlLgogICAgc3NsX2NlcnRpZmljYXRlIC9ldGMvaXJpc3gvdGxzL2FwaS5pcmlzeC5leGFtcGxlL2Z1bGxjaGFpbi5wZW07CiAgICBzc2xfY2VydGlmaWNhdGVfa2V5IC9ldGMvaXJpc3gvdGxzL2FwaS5pcmlzeC5leGFtcGxlL3ByaXZrZXkucGVtOwoKICAgIGFkZF9oZWFkZXIgU3RyaWN0LVRyYW5zcG9ydC1TZWN1cml0eSAibWF4LWFnZT02MzA3MjAwMCIgYWx3YXlzOwogICAgYWRkX2hlYWRlciBYLUNvbnRlbnQtVHlwZS1PcHRpb25zICJub3NuaWZmIiBhbHdheXM7CiAgICBhZGRfaGVhZGVyIFgtRnJhbWUtT3B0aW9ucyAiREVOWSIgYWx3YXlzOwogICAgYWRkX2hlYWRlciBDb250ZW50LVNlY3VyaXR5LVBvbGljeSAiZnJhbWUtYW5jZXN0b3JzICdub25lJyIgYWx3YXlzOwogICAgYWRkX2hlYWRlciBSZWZlcnJlci1Qb2xpY3kgIm5vLXJlZmVycmVyIiBhbHdheXM7CiAgICBhZGRfaGVhZGVyIENhY2hlLUNvbnRyb2wgIm5vLXN0b3JlIiBhbHdheXM7CgogICAgbGltaXRfcmVxIHpvbmU9YXBpIGJ1cnN0PTIwIG5vZGVsYXk7CiAgICBsaW1pdF9yZXFfc3RhdHVzIDQyOTsKCiAgICBwcm94eV9odHRwX3ZlcnNpb24gMS4xOwogICAgcHJveHlfc2V0X2hlYWRlciBDb25uZWN0aW9uICIiOwogICAgcHJveHlfc2V0X2hlYWRlciBIb3N0ICRob3N0OwogICAgcHJveHlfc2V0X2hlYWRlciBYLVJlYWwtSVAgJHJlbW90ZV9hZGRyOwogICAgIyBuZ2lueCBpcyB0aGUgZmlyc3QgaG9wOiAkcmVtb3RlX2FkZHIsIG5vdCAkcHJveHlfYWRkX3hfZm9yd2FyZGVkX2Zvciwgc28gYSBjbGllbnQgY2Fubm90CiAgICAjIGhhbmQgdGhlIGFwcCBhIGZvcmdlZCBjaGFpbi4KICAgIHByb3h5X3NldF9oZWFkZXIgWC1Gb3J3YXJkZWQtRm9yICRyZW1vdGVfYWRkcjsKICAgIHByb3h5X3NldF9oZWFkZXIgWC1Gb3J3YXJkZWQtUHJvdG8gJHNjaGVtZTsKICAgIHByb3h5X3NldF9oZWFkZXIgWC1Gb3J3YXJkZWQtSG9zdCBhcGkuaXJpc3guZXhhbXBsZTsKICAgICMgQW4gZW1wdHkgdmFsdWUgZHJvcHMgdGhlIGhlYWRlcjogdGhlIGNsaWVudCdzIG93biBGb3J3YXJkZWQgbmV2ZXIgcmVhY2hlcyB0aGUgYXBwLgogICAgcHJveHlfc2V0X2hlYWRlciBGb3J3YXJkZWQgIiI7CiAgICBwcm94eV9oaWRlX2hlYWRlciBYLVBvd2VyZWQtQnk7CgogICAgIyBUaGUgYXBwIGFuc3dlcnMgaXRzIG93biBoZWFsdGggY2hlY2s7IG5naW54IG9ubHkgcGFzc2VzIGl0IHRocm91Z2ggKHJhdGUgbGltaXQgaW5jbHVkZWQpLgogICAgbG9jYXRpb24gPSAvaGVhbHRoIHsKICAgICAgICBwcm94eV9wYXNzIGh0dHA6Ly9pcmlzeF9hcGk7CiAgICB9CgogICAgbG9jYXRpb24gLyB7CiAgICAgICAgcHJveHlfcGFzcyBodHRwOi8vaXJpc3hfYXBpOwogICAgfQp9Cg=='
    'IyEvYmluL3NoCiMgbWFuYWdlZCBieSBpcmlzeC1pbmZyYSwgZG8gbm90IGVkaXQgb24gdGhlIGhvc3QgKHNvdXJjZTogcHJvdmlzaW9uaW5nL3JlbmRlci9uZ2lueC50cykKIyBjZXJ0Ym90IGRlcGxveSBob29rOiBuZ2lueCBzZXJ2ZXMgYXBpLmlyaXN4LmV4YW1wbGUgZnJvbSAvZXRjL2lyaXN4L3Rscy9hcGkuaXJpc3guZXhhbXBsZS4KIyBMaW5rcyBib3RoIGZpbGVzIHRvIHRoZSBsaW5lYWdlIGNlcnRib3QganVzdCBpc3N1ZWQgb3IgcmVuZXdlZCAoJFJFTkVXRURfTElORUFHRSksIGNoZWNrcyB3aXRoCiMgbmdpbnggLXQgKHJlc3RvcmluZyB0aGUgcHJldmlvdXMgcGFpciBpZiByZWplY3RlZCkgYW5kIHJlbG9hZHMgbmdpbnguIE90aGVyIGxpbmVhZ2VzOiBuby1vcC4Kc2V0IC11CmRvbWFpbj1hcGkuaXJpc3guZXhhbXBsZQp0bHM9L2V0Yy9pcmlzeC90bHMvYXBpLmlyaXN4LmV4YW1wbGUKbGluZWFnZT0ke1JFTkVXRURfTElORUFHRTotL2V0Yy9sZXRzZW5jcnlwdC9saXZlL2FwaS5pcmlzeC5leGFtcGxlfQoKbG9nKCkgeyBlY2hvICJpcmlzeC1uZ2lueCBkZXBsb3kgaG9vazogJCoiOyB9CmRpZSgpIHsgZWNobyAiaXJpc3gtbmdpbnggZGVwbG95IGhvb2s6ICQqIiA+JjI7IGV4aXQgMTsgfQoKY2FzZSAiICR7UkVORVdFRF9ET01BSU5TOi0kZG9tYWlufSAiIGluCiAgICAqIiAkZG9tYWluICIqKSA7OwogICAgKikgbG9nICIkbGluZWFnZSBpcyBub3QgZm9yICRkb21haW47IG5vdGhpbmcgdG8gZG8iOyBleGl0IDAgOzsKZXNhYwpjYXNlICIkbGluZWFnZSIgaW4KICAgIC8qKSA7OwogICAgKikgZGllICJSRU5FV0VEX0xJTkVBR0UgbXVzdCBiZSBhbiBhYnNvbHV0ZSBwYXRoLCBnb3QgJGxpbmVhZ2UiIDs7CmVzYWMKZm9yIGYgaW4gZnVsbGNoYWluLnBlbSBwcml2a2V5LnBlbTsgZG8KICAgIFsgLXMgIiRsaW5lYWdlLyRmIiBdIHx8IGRpZSAiJGxpbmVhZ2UvJGYgaXMgbWlzc2luZyBvciBlbXB0eTsgbmdpbngga2VlcHMgaXRzIGN1cnJlbnQgY2VydGlmaWNhdGUiCmRvbmUKIyBBbiBlYXJsaWVyIHB1c2ggcHV0IGl0cyBwbGFjZWhvbGRlciBpbiBjZXJ0Ym90J3MgZm9sZGVyOyBjZXJ0Ym90IHRoZW4gaXNzdWVzIGludG8gPGRvbWFpbj4tMDAwMS4KWyAhIC1lICIkbGluZWFnZS9JUklTWC1QTEFDRUhPTERFUiIgXSB8fCBkaWUgIiRsaW5lYWdlIGhvbGRzIHRoZSBwbGFjZWhvbGRlciBvZiBhbiBlYXJsaWVyIHB1c2gsIG5vdCBhIGNlcnRpZmljYXRlIGNlcnRib3QgaXNzdWVkOyBuZ2lueCBrZWVwcyBpdHMgY3VycmVudCBjZXJ0aWZpY2F0ZSIKCih1bWFzayAwMjIgJiYgbWtkaXIgLXAgIiR7dGxzJS8qfSIpICYmIHsgWyAtZCAiJHRscyIgXSB8fCBpbnN0YWxsIC1kIC1tIDA3MDAgIiR0bHMiOyB9IHx8IGRpZSAiY2Fubm90IGNyZWF0ZSAkdGxzIgpwcmV2aW91cz0kKG1rdGVtcCAtZCAiJHRscy8ucHJldmlvdXMuWFhYWFhYIikgfHwgZGllICJjYW5ub3QgY3JlYXRlIGEgYmFja3VwIGRpcmVjdG9yeSBpbiAkdGxzIgpyZXN0b3JlKCkgewogICAgZm9yIGYgaW4gZnVsbGNoYWluLnBlbSBwcml2a2V5LnBlbTsgZG8KICAgICAgICBpZiBbIC1lICIkcHJldmlvdXMvJGYiIF0gfHwgWyAtTCAiJHByZXZpb3VzLyRmIiBdOyB0aGVuIG12IC1UZiAiJHByZXZpb3VzLyRmIiAiJHRscy8kZiI7IGVsc2Ugcm0gLWYgIiR0bHMvJGYiOyBmaQogICAgZG9uZQogICAgcm0gLXJmICIkcHJldmlvdXMiCn0KZm9yIGYgaW4gZnVsbGNoYWluLnBlbSBwcml2a2V5LnBlbTsgZG8KICAgIGlmIFsgLWUgIiR0bHMvJGYiIF0gfHwgWyAtTCAiJHRscy8kZiIgXTsgdGhlbgogICAgICAgIGNwIC1wUCAiJHRscy8kZiIgIiRwcmV2aW91cy8kZiIgfHwgeyBybSAtcmYgIiRwcmV2aW91cyI7IGRpZSAiY2Fubm90IGJhY2sgdXAgJHRscy8kZjsgbm90aGluZyBjaGFuZ2VkIjsgfQogICAgZmkKZG9uZQojIEEgc3ltbGluayBpbnRvIGNlcnRib3QncyBsaXZlIGRpcmVjdG9yeSBmb2xsb3dzIGV2ZXJ5IGxhdGVyIHJlbmV3YWw7IHJlbmFtZSgyKSBzd2FwcyBlYWNoIHBhdGggd2hvbGUuCmZvciBmIGluIGZ1bGxjaGFpbi5wZW0gcHJpdmtleS5wZW07IGRvCiAgICBpZiAhIHsgbG4gLXNmbiAiJGxpbmVhZ2UvJGYiICIkdGxzLy4kZi5pcmlzeC1uZXciICYmIG12IC1UZiAiJHRscy8uJGYuaXJpc3gtbmV3IiAiJHRscy8kZiI7IH07IHRoZW4KICAgICAgICByZXN0b3JlCiAgICAgICAgZGllICJjYW5ub3QgbGluayAkdGxzLyRmIHRvICRsaW5lYWdlLyRmOyBwcmV2aW91cyBjZXJ0aWZpY2F0ZSByZXN0b3JlZCIKICAgIGZpCmRvbmUKaWYgISBvdXQ9JChuZ2lueCAtdCAyPiYxKTsgdGhlbgogICAgcmVzdG9yZQogICAgZGllICJuZ2lueCAtdCByZWplY3RlZCB0aGUgY2VydGlmaWNhdGUgaW4gJGxpbmVhZ2U7IHByZXZpb3VzIGNlcnRpZmljYXRlIHJlc3RvcmVkLCBuZ2lueCBub3QgcmVsb2FkZWQ6CiRvdXQiCmZpCnJtIC1yZiAiJHByZXZpb3VzIgpybSAtZiAvZXRjL2lyaXN4L3Rscy9hcGkuaXJpc3guZXhhbXBsZS9JUklTWC1QTEFDRUhPTERFUgppZiAhIG91dD0kKCAoaWYgc3lzdGVtY3RsIGlzLWFjdGl2ZSAtLXF1aWV0IG5naW54OyB0aGVuIHN5c3RlbWN0bCByZWxvYWQgbmdpbng7IGVsc2Ugc3lzdGVtY3RsIHJlc3RhcnQgbmdpbng7IGZpKSAyPiYxKTsgdGhlbgogICAgZGllICJsaW5rZWQgJHRscyB0byAkbGluZWFnZSBidXQgdGhlIG5naW54IHJlbG9hZCBmYWlsZWQ6ICRvdXQiCmZpCmxvZyAibmdpbnggc2VydmVzICRkb21haW4gd2l0aCB0aGUgY2VydGlmaWNhdGUgaW4gJGxpbmVhZ2UiCg=='
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
