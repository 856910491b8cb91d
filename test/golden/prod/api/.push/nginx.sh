#!/bin/bash
# managed by irisx-infra, do not edit on the host (source: provisioning/render/push-script.ts)
# push unit "nginx": 3 file(s), validate, swap, reload; roll back on failure.
set -uo pipefail
umask 077
unit=nginx
stage=/run/irisx-push/nginx
legacy_stage=/home/admin/.irisx-push/nginx
backups=/var/backups/irisx/$unit
# staged name | target | mode | group | sha256
files=(
    "etc__nginx__nginx.conf|/etc/nginx/nginx.conf|0644|root|95bf43ede9787e033e8d56abec829c3c9354d2b8f5cf481e6feeebdd031e7521"
    "etc__nginx__conf.d__irisx-api.conf|/etc/nginx/conf.d/irisx-api.conf|0644|root|8212b272a305ee63ff143d2884c36c37e7533efd55bfeca02137f5379fc025ba"
    "etc__letsencrypt__renewal-hooks__deploy__irisx-nginx.sh|/etc/letsencrypt/renewal-hooks/deploy/irisx-nginx.sh|0755|root|569fff91640f9f9902f50ef66cedb047333482b2569813ed742d55bc360de025"
)
# each file's content, base64, in the order of files
payload=(
    'IyBtYW5hZ2VkIGJ5IGlyaXN4LWluZnJhLCBkbyBub3QgZWRpdCBvbiB0aGUgaG9zdCAoc291cmNlOiBwcm92aXNpb25pbmcvcmVuZGVyL25naW54LnRzKQoKdXNlciB3d3ctZGF0YTsKd29ya2VyX3Byb2Nlc3NlcyBhdXRvOwpwaWQgL3J1bi9uZ2lueC5waWQ7CmVycm9yX2xvZyAvdmFyL2xvZy9uZ2lueC9lcnJvci5sb2c7CmluY2x1ZGUgL2V0Yy9uZ2lueC9tb2R1bGVzLWVuYWJsZWQvKi5jb25mOwoKZXZlbnRzIHsKICAgIHdvcmtlcl9jb25uZWN0aW9ucyAxMDI0Owp9CgpodHRwIHsKICAgIHNlbmRmaWxlIG9uOwogICAgdGNwX25vcHVzaCBvbjsKICAgIHR5cGVzX2hhc2hfbWF4X3NpemUgMjA0ODsKICAgIHNlcnZlcl90b2tlbnMgb2ZmOwoKICAgICMgVExTIGZvciBldmVyeSBzZXJ2ZXIsIGhlcmUgYW5kIG5vdCBpbiB0aGUgQVBJJ3Mgc2VydmVyOiBuZ2lueCA8IDEuMjMuNCB0YWtlcyB0aGUgcHJvdG9jb2wKICAgICMgbGlzdCBvZiBhIGhhbmRzaGFrZSBmcm9tIHRoZSBkZWZhdWx0X3NlcnZlciBvZiB0aGUgYWRkcmVzcyAodGhlIHJlamVjdC1oYW5kc2hha2Ugc2VydmVyKS4KICAgIHNzbF9wcm90b2NvbHMgVExTdjEuMiBUTFN2MS4zOwogICAgc3NsX2NpcGhlcnMgRUNESEUtRUNEU0EtQUVTMTI4LUdDTS1TSEEyNTY6RUNESEUtUlNBLUFFUzEyOC1HQ00tU0hBMjU2OkVDREhFLUVDRFNBLUFFUzI1Ni1HQ00tU0hBMzg0OkVDREhFLVJTQS1BRVMyNTYtR0NNLVNIQTM4NDpFQ0RIRS1FQ0RTQS1DSEFDSEEyMC1QT0xZMTMwNTpFQ0RIRS1SU0EtQ0hBQ0hBMjAtUE9MWTEzMDU7CiAgICBzc2xfcHJlZmVyX3NlcnZlcl9jaXBoZXJzIG9mZjsKICAgIHNzbF9zZXNzaW9uX3RpbWVvdXQgMWQ7CiAgICBzc2xfc2Vzc2lvbl9jYWNoZSBzaGFyZWQ6TW96U1NMOjEwbTsKICAgICMgbmdpbnggPCAxLjIzLjIgY2Fubm90IHJvdGF0ZSB0aWNrZXQga2V5czogdGlja2V0cyBvZmYga2VlcHMgZm9yd2FyZCBzZWNyZWN5LgogICAgc3NsX3Nlc3Npb25fdGlja2V0cyBvZmY7CgogICAgIyBTbG93IGNsaWVudHM6IHNlZSBuZ2lueENsaWVudFRpbWVvdXRzIGFuZCBjb25uZWN0aW9uc1BlckFkZHJlc3MgaW4gcHJvdmlzaW9uaW5nL3JlbmRlci9uZ2lueC50cy4KICAgIGNsaWVudF9oZWFkZXJfdGltZW91dCAxMHM7CiAgICBjbGllbnRfYm9keV90aW1lb3V0IDEwczsKICAgIHNlbmRfdGltZW91dCAxMHM7CiAgICBrZWVwYWxpdmVfdGltZW91dCAxNXM7CiAgICBsaW1pdF9jb25uX3pvbmUgJGJpbmFyeV9yZW1vdGVfYWRkciB6b25lPXBlcmlwOjEwbTsKICAgIGxpbWl0X2Nvbm4gcGVyaXAgMzE7CiAgICBsaW1pdF9jb25uX3N0YXR1cyA0Mjk7CgogICAgaW5jbHVkZSAvZXRjL25naW54L21pbWUudHlwZXM7CiAgICBkZWZhdWx0X3R5cGUgYXBwbGljYXRpb24vb2N0ZXQtc3RyZWFtOwogICAgIyAiY29tYmluZWQiIHdpdGggdGhlIHN0YXR1cyB3cml0dGVuIGFzIHN0YXR1cz1OTk46IHRoZSBDbG91ZFdhdGNoIG1ldHJpYyBmaWx0ZXIgZm9yIDQyOXMKICAgICMgKGluZnJhL21vbml0b3JpbmcvbG9nLW1ldHJpY3MudHMpIGNvdW50cyB0aGF0IHRlcm0sIHdoaWNoIGEgYmFyZSBudW1iZXIgd291bGQgbm90IHBpbiBkb3duLgogICAgbG9nX2Zvcm1hdCBpcmlzeCAnJHJlbW90ZV9hZGRyIC0gJHJlbW90ZV91c2VyIFskdGltZV9sb2NhbF0gIiRyZXF1ZXN0IiBzdGF0dXM9JHN0YXR1cyAkYm9keV9ieXRlc19zZW50ICIkaHR0cF9yZWZlcmVyIiAiJGh0dHBfdXNlcl9hZ2VudCIgcnQ9JHJlcXVlc3RfdGltZSc7CiAgICBhY2Nlc3NfbG9nIC92YXIvbG9nL25naW54L2FjY2Vzcy5sb2cgaXJpc3g7CgogICAgIyBPbmx5IG91ciBvd24gc2l0ZXM6IERlYmlhbidzIHNpdGVzLWVuYWJsZWQvZGVmYXVsdCBpcyBkZWxpYmVyYXRlbHkgbm90IGluY2x1ZGVkLgogICAgaW5jbHVkZSAvZXRjL25naW54L2NvbmYuZC8qLmNvbmY7Cn0K'
    'IyBtYW5hZ2VkIGJ5IGlyaXN4LWluZnJhLCBkbyBub3QgZWRpdCBvbiB0aGUgaG9zdCAoc291cmNlOiBwcm92aXNpb25pbmcvcmVuZGVyL25naW54LnRzKQoKbGltaXRfcmVxX3pvbmUgJGJpbmFyeV9yZW1vdGVfYWRkciB6b25lPWFwaToxMG0gcmF0ZT0xMHIvczsKCnVwc3RyZWFtIGlyaXN4X2FwaSB7CiAgICBzZXJ2ZXIgMTI3LjAuMC4xOjk4NDk7CiAgICBrZWVwYWxpdmUgMTY7Cn0KCiMgUG9ydCA4MCwgYW55IG5hbWUgYnV0IG91cnMgKGEgYmFyZSBJUCwgYSBzdHJhbmdlcidzIEhvc3QsIG5vbmUpOiBjbG9zZSB3aXRob3V0IGFuIGFuc3dlci4Kc2VydmVyIHsKICAgIGxpc3RlbiA4MCBkZWZhdWx0X3NlcnZlcjsKICAgIGxpc3RlbiBbOjpdOjgwIGRlZmF1bHRfc2VydmVyOwogICAgc2VydmVyX25hbWUgXzsKICAgIHJldHVybiA0NDQ7Cn0KCiMgUG9ydCA4MCBmb3Igb3VyIG5hbWU6IExldCdzIEVuY3J5cHQgSFRUUC0wMSBjaGFsbGVuZ2VzLCBldmVyeXRoaW5nIGVsc2UgdG8gSFRUUFMgb24gb3VyIG5hbWUKIyAobmV2ZXIgJGhvc3QsIHdoaWNoIHRoZSBjbGllbnQgY2hvc2UpLgpzZXJ2ZXIgewogICAgbGlzdGVuIDgwOwogICAgbGlzdGVuIFs6Ol06ODA7CiAgICBzZXJ2ZXJfbmFtZSBhcGkuaXJpc3guZXhhbXBsZTsKCiAgICBsb2NhdGlvbiBefiAvLndlbGwta25vd24vYWNtZS1jaGFsbGVuZ2UvIHsKICAgICAgICByb290IC92YXIvd3d3L2FjbWU7CiAgICAgICAgZGVmYXVsdF90eXBlIHRleHQvcGxhaW47CiAgICB9CgogICAgbG9jYXRpb24gLyB7CiAgICAgICAgcmV0dXJuIDMwOCBodHRwczovL2FwaS5pcmlzeC5leGFtcGxlJHJlcXVlc3RfdXJpOwogICAgfQp9CgojIFBvcnQgNDQzLCBhbnkgbmFtZSBidXQgb3VyczogcmVmdXNlIHRoZSBUTFMgaGFuZHNoYWtlIGZvciBhIHN0cmFuZ2VyJ3MgU05JIChvciBub25lKSwgYW5kIGNsb3NlCiMgd2l0aG91dCBhbiBhbnN3ZXIgd2hlbiBvdXIgU05JIGNhcnJpZXMgYSBzdHJhbmdlcidzIEhvc3QgKG5naW54IHBpY2tzIHRoZSBzZXJ2ZXIgYnkgSG9zdCB0aGVuKS4Kc2VydmVyIHsKICAgIGxpc3RlbiA0NDMgc3NsIGh0dHAyIGRlZmF1bHRfc2VydmVyOwogICAgbGlzdGVuIFs6Ol06NDQzIHNzbCBodHRwMiBkZWZhdWx0X3NlcnZlcjsKICAgIHNlcnZlcl9uYW1lIF87CiAgICBzc2xfcmVqZWN0X2hhbmRzaGFrZSBvbjsKICAgIHJldHVybiA0NDQ7Cn0KCnNlcnZlciB7CiAgICBsaXN0ZW4gNDQzIHNzbCBodHRwMjsKICAgIGxpc3RlbiBbOjpdOjQ0MyBzc2wgaHR0cDI7CiAgICBzZXJ2ZXJfbmFtZSBhcGkuaXJpc3guZXhhbXBsZTsKCiAgICAjIFBsYWNlaG9sZGVyIHVudGlsIGNlcnRib3QncyBkZXBsb3kgaG9vayBsaW5rcyB0aGVzZSB0byB0aGUgaXNzdWVkIGNlcnRpZmljYXRlLgogICAgc3NsX2NlcnRpZmljYXRlIC9ldGMvaXJpc3gvdGxzL2FwaS5pcmlzeC5leGFtcGxlL2Z1bGxjaGFpbi5wZW07CiAgICBzc2xfY2VydGlmaWNhdGVfa2V5IC9ldGMvaXJpc3gvdGxzL2FwaS5pcmlzeC5leGFtcGxlL3ByaXZrZXkucGVtOwoKICAgIGFkZF9oZWFkZXIgU3RyaWN0LVRyYW5zcG9ydC1TZWN1cml0eSAibWF4LWFnZT02MzA3MjAwMCIgYWx3YXlzOwogICAgYWRkX2hlYWRlciBYLUNvbnRlbnQtVHlwZS1PcHRpb25zICJub3NuaWZmIiBhbHdheXM7CiAgICBhZGRfaGVhZGVyIFgtRnJhbWUtT3B0aW9ucyAiREVOWSIgYWx3YXlzOwogICAgYWRkX2hlYWRlciBDb250ZW50LVNlY3VyaXR5LVBvbGljeSAiZnJhbWUtYW5jZXN0b3JzICdub25lJyIgYWx3YXlzOwogICAgYWRkX2hlYWRlciBSZWZlcnJlci1Qb2xpY3kgIm5vLXJlZmVycmVyIiBhbHdheXM7CiAgICBhZGRfaGVhZGVyIENhY2hlLUNvbnRyb2wgIm5vLXN0b3JlIiBhbHdheXM7CgogICAgbGltaXRfcmVxIHpvbmU9YXBpIGJ1cnN0PTIwIG5vZGVsYXk7CiAgICBsaW1pdF9yZXFfc3RhdHVzIDQyOTsKCiAgICBwcm94eV9odHRwX3ZlcnNpb24gMS4xOwogICAgcHJveHlfc2V0X2hlYWRlciBDb25uZWN0aW9uICIiOwogICAgcHJveHlfc2V0X2hlYWRlciBIb3N0ICRob3N0OwogICAgcHJveHlfc2V0X2hlYWRlciBYLVJlYWwtSVAgJHJlbW90ZV9hZGRyOwogICAgIyBuZ2lueCBpcyB0aGUgZmlyc3QgaG9wOiAkcmVtb3RlX2FkZHIsIG5vdCAkcHJveHlfYWRkX3hfZm9yd2FyZGVkX2Zvciwgc28gYSBjbGllbnQgY2Fubm90CiAgICAjIGhhbmQgdGhlIGFwcCBhIGZvcmdlZCBjaGFpbi4KICAgIHByb3h5X3NldF9oZWFkZXIgWC1Gb3J3YXJkZWQtRm9yICRyZW1vdGVfYWRkcjsKICAgIHByb3h5X3NldF9oZWFkZXIgWC1Gb3J3YXJkZWQtUHJvdG8gJHNjaGVtZTsKICAgIHByb3h5X3NldF9oZWFkZXIgWC1Gb3J3YXJkZWQtSG9zdCBhcGkuaXJpc3guZXhhbXBsZTsKICAgICMgQW4gZW1wdHkgdmFsdWUgZHJvcHMgdGhlIGhlYWRlcjogdGhlIGNsaWVudCdzIG93biBGb3J3YXJkZWQgbmV2ZXIgcmVhY2hlcyB0aGUgYXBwLgogICAgcHJveHlfc2V0X2hlYWRlciBGb3J3YXJkZWQgIiI7CiAgICBwcm94eV9oaWRlX2hlYWRlciBYLVBvd2VyZWQtQnk7CgogICAgIyBUaGUgYXBwIGFuc3dlcnMgaXRzIG93biBoZWFsdGggY2hlY2s7IG5naW54IG9ubHkgcGFzc2VzIGl0IHRocm91Z2ggKHJhdGUgbGltaXQgaW5jbHVkZWQpLgogICAgbG9jYXRpb24gPSAvaGVhbHRoIHsKICAgICAgICBwcm94eV9wYXNzIGh0dHA6Ly9pcmlzeF9hcGk7CiAgICB9CgogICAgbG9jYXRpb24gLyB7CiAgICAgICAgcHJveHlfcGFzcyBodHRwOi8vaXJpc3hfYXBpOwogICAgfQp9Cg=='
    'IyEvYmluL3NoCiMgbWFuYWdlZCBieSBpcmlzeC1pbmZyYSwgZG8gbm90IGVkaXQgb24gdGhlIGhvc3QgKHNvdXJjZTogcHJvdmlzaW9uaW5nL3JlbmRlci9uZ2lueC50cykKIyBjZXJ0Ym90IGRlcGxveSBob29rOiBuZ2lueCBzZXJ2ZXMgYXBpLmlyaXN4LmV4YW1wbGUgZnJvbSAvZXRjL2lyaXN4L3Rscy9hcGkuaXJpc3guZXhhbXBsZS4KIyBMaW5rcyBib3RoIGZpbGVzIHRvIHRoZSBsaW5lYWdlIGNlcnRib3QganVzdCBpc3N1ZWQgb3IgcmVuZXdlZCAoJFJFTkVXRURfTElORUFHRSksIGNoZWNrcyB3aXRoCiMgbmdpbnggLXQgKHJlc3RvcmluZyB0aGUgcHJldmlvdXMgcGFpciBpZiByZWplY3RlZCkgYW5kIHJlbG9hZHMgbmdpbnguIE90aGVyIGxpbmVhZ2VzOiBuby1vcC4Kc2V0IC11CmRvbWFpbj1hcGkuaXJpc3guZXhhbXBsZQp0bHM9L2V0Yy9pcmlzeC90bHMvYXBpLmlyaXN4LmV4YW1wbGUKbGluZWFnZT0ke1JFTkVXRURfTElORUFHRTotL2V0Yy9sZXRzZW5jcnlwdC9saXZlL2FwaS5pcmlzeC5leGFtcGxlfQoKbG9nKCkgeyBlY2hvICJpcmlzeC1uZ2lueCBkZXBsb3kgaG9vazogJCoiOyB9CmRpZSgpIHsgZWNobyAiaXJpc3gtbmdpbnggZGVwbG95IGhvb2s6ICQqIiA+JjI7IGV4aXQgMTsgfQoKY2FzZSAiICR7UkVORVdFRF9ET01BSU5TOi0kZG9tYWlufSAiIGluCiAgICAqIiAkZG9tYWluICIqKSA7OwogICAgKikgbG9nICIkbGluZWFnZSBpcyBub3QgZm9yICRkb21haW47IG5vdGhpbmcgdG8gZG8iOyBleGl0IDAgOzsKZXNhYwpjYXNlICIkbGluZWFnZSIgaW4KICAgIC8qKSA7OwogICAgKikgZGllICJSRU5FV0VEX0xJTkVBR0UgbXVzdCBiZSBhbiBhYnNvbHV0ZSBwYXRoLCBnb3QgJGxpbmVhZ2UiIDs7CmVzYWMKZm9yIGYgaW4gZnVsbGNoYWluLnBlbSBwcml2a2V5LnBlbTsgZG8KICAgIFsgLXMgIiRsaW5lYWdlLyRmIiBdIHx8IGRpZSAiJGxpbmVhZ2UvJGYgaXMgbWlzc2luZyBvciBlbXB0eTsgbmdpbngga2VlcHMgaXRzIGN1cnJlbnQgY2VydGlmaWNhdGUiCmRvbmUKIyBBbiBlYXJsaWVyIHB1c2ggcHV0IGl0cyBwbGFjZWhvbGRlciBpbiBjZXJ0Ym90J3MgZm9sZGVyOyBjZXJ0Ym90IHRoZW4gaXNzdWVzIGludG8gPGRvbWFpbj4tMDAwMS4KWyAhIC1lICIkbGluZWFnZS9JUklTWC1QTEFDRUhPTERFUiIgXSB8fCBkaWUgIiRsaW5lYWdlIGhvbGRzIHRoZSBwbGFjZWhvbGRlciBvZiBhbiBlYXJsaWVyIHB1c2gsIG5vdCBhIGNlcnRpZmljYXRlIGNlcnRib3QgaXNzdWVkOyBuZ2lueCBrZWVwcyBpdHMgY3VycmVudCBjZXJ0aWZpY2F0ZSIKCih1bWFzayAwMjIgJiYgbWtkaXIgLXAgIiR7dGxzJS8qfSIpICYmIHsgWyAtZCAiJHRscyIgXSB8fCBpbnN0YWxsIC1kIC1tIDA3MDAgIiR0bHMiOyB9IHx8IGRpZSAiY2Fubm90IGNyZWF0ZSAkdGxzIgpwcmV2aW91cz0kKG1rdGVtcCAtZCAiJHRscy8ucHJldmlvdXMuWFhYWFhYIikgfHwgZGllICJjYW5ub3QgY3JlYXRlIGEgYmFja3VwIGRpcmVjdG9yeSBpbiAkdGxzIgpyZXN0b3JlKCkgewogICAgZm9yIGYgaW4gZnVsbGNoYWluLnBlbSBwcml2a2V5LnBlbTsgZG8KICAgICAgICBpZiBbIC1lICIkcHJldmlvdXMvJGYiIF0gfHwgWyAtTCAiJHByZXZpb3VzLyRmIiBdOyB0aGVuIG12IC1UZiAiJHByZXZpb3VzLyRmIiAiJHRscy8kZiI7IGVsc2Ugcm0gLWYgIiR0bHMvJGYiOyBmaQogICAgZG9uZQogICAgcm0gLXJmICIkcHJldmlvdXMiCn0KZm9yIGYgaW4gZnVsbGNoYWluLnBlbSBwcml2a2V5LnBlbTsgZG8KICAgIGlmIFsgLWUgIiR0bHMvJGYiIF0gfHwgWyAtTCAiJHRscy8kZiIgXTsgdGhlbgogICAgICAgIGNwIC1wUCAiJHRscy8kZiIgIiRwcmV2aW91cy8kZiIgfHwgeyBybSAtcmYgIiRwcmV2aW91cyI7IGRpZSAiY2Fubm90IGJhY2sgdXAgJHRscy8kZjsgbm90aGluZyBjaGFuZ2VkIjsgfQogICAgZmkKZG9uZQojIEEgc3ltbGluayBpbnRvIGNlcnRib3QncyBsaXZlIGRpcmVjdG9yeSBmb2xsb3dzIGV2ZXJ5IGxhdGVyIHJlbmV3YWw7IHJlbmFtZSgyKSBzd2FwcyBlYWNoIHBhdGggd2hvbGUuCmZvciBmIGluIGZ1bGxjaGFpbi5wZW0gcHJpdmtleS5wZW07IGRvCiAgICBpZiAhIHsgbG4gLXNmbiAiJGxpbmVhZ2UvJGYiICIkdGxzLy4kZi5pcmlzeC1uZXciICYmIG12IC1UZiAiJHRscy8uJGYuaXJpc3gtbmV3IiAiJHRscy8kZiI7IH07IHRoZW4KICAgICAgICByZXN0b3JlCiAgICAgICAgZGllICJjYW5ub3QgbGluayAkdGxzLyRmIHRvICRsaW5lYWdlLyRmOyBwcmV2aW91cyBjZXJ0aWZpY2F0ZSByZXN0b3JlZCIKICAgIGZpCmRvbmUKaWYgISBvdXQ9JChuZ2lueCAtdCAyPiYxKTsgdGhlbgogICAgcmVzdG9yZQogICAgZGllICJuZ2lueCAtdCByZWplY3RlZCB0aGUgY2VydGlmaWNhdGUgaW4gJGxpbmVhZ2U7IHByZXZpb3VzIGNlcnRpZmljYXRlIHJlc3RvcmVkLCBuZ2lueCBub3QgcmVsb2FkZWQ6CiRvdXQiCmZpCnJtIC1yZiAiJHByZXZpb3VzIgpybSAtZiAvZXRjL2lyaXN4L3Rscy9hcGkuaXJpc3guZXhhbXBsZS9JUklTWC1QTEFDRUhPTERFUgppZiAhIG91dD0kKCAoaWYgc3lzdGVtY3RsIGlzLWFjdGl2ZSAtLXF1aWV0IG5naW54OyB0aGVuIHN5c3RlbWN0bCByZWxvYWQgbmdpbng7IGVsc2Ugc3lzdGVtY3RsIHJlc3RhcnQgbmdpbng7IGZpKSAyPiYxKTsgdGhlbgogICAgZGllICJsaW5rZWQgJHRscyB0byAkbGluZWFnZSBidXQgdGhlIG5naW54IHJlbG9hZCBmYWlsZWQ6ICRvdXQiCmZpCmxvZyAibmdpbnggc2VydmVzICRkb21haW4gd2l0aCB0aGUgY2VydGlmaWNhdGUgaW4gJGxpbmVhZ2UiCg=='
)
requires=(nginx openssl)

log() { echo "irisx-push[$unit]: $*"; }
die() { echo "irisx-push[$unit]: $*" >&2; exit 1; }
hash_of() { sha256sum "$1" | cut -d' ' -f1; }

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
validate() {
    sh -n /etc/letsencrypt/renewal-hooks/deploy/irisx-nginx.sh && nginx -t
}
reload() {
    if systemctl is-active --quiet nginx; then systemctl reload nginx; else systemctl restart nginx; fi
}

wait_for_boot() {
    # A fresh instance may still be installing packages; cloud-init says when it is done.
    if command -v cloud-init >/dev/null 2>&1; then
        timeout 900 cloud-init status --wait >/dev/null 2>&1 || log "cloud-init: $(cloud-init status 2>/dev/null | tr '\n' ' ')"
    fi
}

restore() {
    local entry name target mode group want
    for entry in "${changed[@]}"; do
        IFS='|' read -r name target mode group want <<<"$entry"
        if [ -e "$bdir/$name" ]; then
            cp -p "$bdir/$name" "$target.irisx-old" && mv -f "$target.irisx-old" "$target"
        else
            rm -f "$target"
        fi
    done
}

stage_files() {
    local i name target mode group want
    rm -rf "$stage" && mkdir -p -m 0700 "$(dirname "$stage")" && mkdir -m 0700 "$stage" || die "cannot create $stage; nothing changed"
    for i in "${!files[@]}"; do
        IFS='|' read -r name target mode group want <<<"${files[$i]}"
        printf '%s' "${payload[$i]}" | base64 -d > "$stage/$name" || die "cannot stage $target; nothing changed"
    done
}

main() {
    wait_for_boot
    local tool entry name target mode group want out
    for tool in "${requires[@]}"; do
        command -v "$tool" >/dev/null 2>&1 || die "$tool is not installed (cloud-init installs it); nothing changed"
    done
    mkdir -p /run/lock && exec 9>/run/lock/irisx-push.lock
    flock -w 600 9 || die "another push is still running; nothing changed"
    trap 'rm -rf "$stage"' EXIT
    # Plaintext copies left by pushes that staged with CopyToRemote.
    rm -rf "$legacy_stage" && rmdir "$(dirname "$legacy_stage")" 2>/dev/null
    stage_files

    changed=()
    for entry in "${files[@]}"; do
        IFS='|' read -r name target mode group want <<<"$entry"
        [ -f "$stage/$name" ] || die "staged copy of $target is missing; nothing changed"
        [ "$(hash_of "$stage/$name")" = "$want" ] || die "staged copy of $target does not match (incomplete copy?); nothing changed"
        if [ -f "$target" ] && [ "$(hash_of "$target")" = "$want" ] && [ "$(stat -c '%a %U %G' "$target")" = "${mode#0} root $group" ]; then
            continue
        fi
        changed+=("$entry")
    done
    if [ "${#changed[@]}" -eq 0 ]; then
        log "unchanged (${#files[@]} file(s))"
        return 0
    fi

    out=$( (prepare) 2>&1 ) || die "prepare failed; nothing changed: $out"
    [ -z "$out" ] || log "$out"
    bdir="$backups/$(date -u +%Y%m%dT%H%M%SZ)-$$"
    mkdir -p "$bdir" || die "cannot create $bdir; nothing changed"
    for entry in "${changed[@]}"; do
        IFS='|' read -r name target mode group want <<<"$entry"
        if [ -e "$target" ]; then cp -p "$target" "$bdir/$name" || die "cannot back up $target; nothing changed"; fi
    done
    for entry in "${changed[@]}"; do
        IFS='|' read -r name target mode group want <<<"$entry"
        # Same directory, then rename(2): a reader sees the old file or the new one, never half.
        if ! { (umask 022 && mkdir -p "$(dirname "$target")") &&
            install -m "$mode" -o root -g "$group" "$stage/$name" "$target.irisx-new" &&
            mv -f "$target.irisx-new" "$target"; }; then
            restore
            die "cannot install $target; previous files restored"
        fi
    done

    if ! out=$( (validate) 2>&1 ); then
        restore
        die "rejected by the validator; previous files restored, service left running on them:
$out"
    fi
    if ! out=$( (reload) 2>&1 ); then
        restore
        (reload) >/dev/null 2>&1
        die "reload failed; previous files restored and reloaded:
$out"
    fi
    [ -z "$out" ] || log "$out"
    for entry in "${changed[@]}"; do
        IFS='|' read -r name target mode group want <<<"$entry"
        log "updated $target"
    done
    log "backup of the previous files: $bdir"
    ls -1dt "$backups"/*/ 2>/dev/null | tail -n +11 | xargs -r rm -rf
}

main </dev/null
