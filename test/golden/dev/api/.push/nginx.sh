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
    "etc__nginx__conf.d__irisx-api.conf|/etc/nginx/conf.d/irisx-api.conf|0644|root|8138c8b975bf3abc31bba46039b64f2b74ed8c36894eb8788433317983f47ecd"
    "etc__letsencrypt__renewal-hooks__deploy__irisx-nginx.sh|/etc/letsencrypt/renewal-hooks/deploy/irisx-nginx.sh|0755|root|45b84362bcac45e9d436a2c364a50ee88e59afd59129c6efb670a13cba522fd2"
)
# each file's content, base64, in the order of files
payload=(
    'IyBtYW5hZ2VkIGJ5IGlyaXN4LWluZnJhLCBkbyBub3QgZWRpdCBvbiB0aGUgaG9zdCAoc291cmNlOiBwcm92aXNpb25pbmcvcmVuZGVyL25naW54LnRzKQoKdXNlciB3d3ctZGF0YTsKd29ya2VyX3Byb2Nlc3NlcyBhdXRvOwpwaWQgL3J1bi9uZ2lueC5waWQ7CmVycm9yX2xvZyAvdmFyL2xvZy9uZ2lueC9lcnJvci5sb2c7CmluY2x1ZGUgL2V0Yy9uZ2lueC9tb2R1bGVzLWVuYWJsZWQvKi5jb25mOwoKZXZlbnRzIHsKICAgIHdvcmtlcl9jb25uZWN0aW9ucyAxMDI0Owp9CgpodHRwIHsKICAgIHNlbmRmaWxlIG9uOwogICAgdGNwX25vcHVzaCBvbjsKICAgIHR5cGVzX2hhc2hfbWF4X3NpemUgMjA0ODsKICAgIHNlcnZlcl90b2tlbnMgb2ZmOwoKICAgICMgVExTIGZvciBldmVyeSBzZXJ2ZXIsIGhlcmUgYW5kIG5vdCBpbiB0aGUgQVBJJ3Mgc2VydmVyOiBuZ2lueCA8IDEuMjMuNCB0YWtlcyB0aGUgcHJvdG9jb2wKICAgICMgbGlzdCBvZiBhIGhhbmRzaGFrZSBmcm9tIHRoZSBkZWZhdWx0X3NlcnZlciBvZiB0aGUgYWRkcmVzcyAodGhlIHJlamVjdC1oYW5kc2hha2Ugc2VydmVyKS4KICAgIHNzbF9wcm90b2NvbHMgVExTdjEuMiBUTFN2MS4zOwogICAgc3NsX2NpcGhlcnMgRUNESEUtRUNEU0EtQUVTMTI4LUdDTS1TSEEyNTY6RUNESEUtUlNBLUFFUzEyOC1HQ00tU0hBMjU2OkVDREhFLUVDRFNBLUFFUzI1Ni1HQ00tU0hBMzg0OkVDREhFLVJTQS1BRVMyNTYtR0NNLVNIQTM4NDpFQ0RIRS1FQ0RTQS1DSEFDSEEyMC1QT0xZMTMwNTpFQ0RIRS1SU0EtQ0hBQ0hBMjAtUE9MWTEzMDU7CiAgICBzc2xfcHJlZmVyX3NlcnZlcl9jaXBoZXJzIG9mZjsKICAgIHNzbF9zZXNzaW9uX3RpbWVvdXQgMWQ7CiAgICBzc2xfc2Vzc2lvbl9jYWNoZSBzaGFyZWQ6TW96U1NMOjEwbTsKICAgICMgbmdpbnggPCAxLjIzLjIgY2Fubm90IHJvdGF0ZSB0aWNrZXQga2V5czogdGlja2V0cyBvZmYga2VlcHMgZm9yd2FyZCBzZWNyZWN5LgogICAgc3NsX3Nlc3Npb25fdGlja2V0cyBvZmY7CgogICAgIyBTbG93IGNsaWVudHM6IHNlZSBuZ2lueENsaWVudFRpbWVvdXRzIGFuZCBjb25uZWN0aW9uc1BlckFkZHJlc3MgaW4gcHJvdmlzaW9uaW5nL3JlbmRlci9uZ2lueC50cy4KICAgIGNsaWVudF9oZWFkZXJfdGltZW91dCAxMHM7CiAgICBjbGllbnRfYm9keV90aW1lb3V0IDEwczsKICAgIHNlbmRfdGltZW91dCAxMHM7CiAgICBrZWVwYWxpdmVfdGltZW91dCAxNXM7CiAgICBsaW1pdF9jb25uX3pvbmUgJGJpbmFyeV9yZW1vdGVfYWRkciB6b25lPXBlcmlwOjEwbTsKICAgIGxpbWl0X2Nvbm4gcGVyaXAgMzE7CiAgICBsaW1pdF9jb25uX3N0YXR1cyA0Mjk7CgogICAgaW5jbHVkZSAvZXRjL25naW54L21pbWUudHlwZXM7CiAgICBkZWZhdWx0X3R5cGUgYXBwbGljYXRpb24vb2N0ZXQtc3RyZWFtOwogICAgIyAiY29tYmluZWQiIHdpdGggdGhlIHN0YXR1cyB3cml0dGVuIGFzIHN0YXR1cz1OTk46IHRoZSBDbG91ZFdhdGNoIG1ldHJpYyBmaWx0ZXIgZm9yIDQyOXMKICAgICMgKGluZnJhL21vbml0b3JpbmcvbG9nLW1ldHJpY3MudHMpIGNvdW50cyB0aGF0IHRlcm0sIHdoaWNoIGEgYmFyZSBudW1iZXIgd291bGQgbm90IHBpbiBkb3duLgogICAgbG9nX2Zvcm1hdCBpcmlzeCAnJHJlbW90ZV9hZGRyIC0gJHJlbW90ZV91c2VyIFskdGltZV9sb2NhbF0gIiRyZXF1ZXN0IiBzdGF0dXM9JHN0YXR1cyAkYm9keV9ieXRlc19zZW50ICIkaHR0cF9yZWZlcmVyIiAiJGh0dHBfdXNlcl9hZ2VudCIgcnQ9JHJlcXVlc3RfdGltZSc7CiAgICBhY2Nlc3NfbG9nIC92YXIvbG9nL25naW54L2FjY2Vzcy5sb2cgaXJpc3g7CgogICAgIyBPbmx5IG91ciBvd24gc2l0ZXM6IERlYmlhbidzIHNpdGVzLWVuYWJsZWQvZGVmYXVsdCBpcyBkZWxpYmVyYXRlbHkgbm90IGluY2x1ZGVkLgogICAgaW5jbHVkZSAvZXRjL25naW54L2NvbmYuZC8qLmNvbmY7Cn0K'
    'IyBtYW5hZ2VkIGJ5IGlyaXN4LWluZnJhLCBkbyBub3QgZWRpdCBvbiB0aGUgaG9zdCAoc291cmNlOiBwcm92aXNpb25pbmcvcmVuZGVyL25naW54LnRzKQoKbGltaXRfcmVxX3pvbmUgJGJpbmFyeV9yZW1vdGVfYWRkciB6b25lPWFwaToxMG0gcmF0ZT0xMHIvczsKCnVwc3RyZWFtIGlyaXN4X2FwaSB7CiAgICBzZXJ2ZXIgMTI3LjAuMC4xOjk4NDc7CiAgICBrZWVwYWxpdmUgMTY7Cn0KCiMgUG9ydCA4MCwgYW55IG5hbWUgYnV0IG91cnMgKGEgYmFyZSBJUCwgYSBzdHJhbmdlcidzIEhvc3QsIG5vbmUpOiBjbG9zZSB3aXRob3V0IGFuIGFuc3dlci4Kc2VydmVyIHsKICAgIGxpc3RlbiA4MCBkZWZhdWx0X3NlcnZlcjsKICAgIGxpc3RlbiBbOjpdOjgwIGRlZmF1bHRfc2VydmVyOwogICAgc2VydmVyX25hbWUgXzsKICAgIHJldHVybiA0NDQ7Cn0KCiMgUG9ydCA4MCBmb3Igb3VyIG5hbWU6IExldCdzIEVuY3J5cHQgSFRUUC0wMSBjaGFsbGVuZ2VzLCBldmVyeXRoaW5nIGVsc2UgdG8gSFRUUFMgb24gb3VyIG5hbWUKIyAobmV2ZXIgJGhvc3QsIHdoaWNoIHRoZSBjbGllbnQgY2hvc2UpLgpzZXJ2ZXIgewogICAgbGlzdGVuIDgwOwogICAgbGlzdGVuIFs6Ol06ODA7CiAgICBzZXJ2ZXJfbmFtZSBhcGkuZGV2LmlyaXN4LmV4YW1wbGU7CgogICAgbG9jYXRpb24gXn4gLy53ZWxsLWtub3duL2FjbWUtY2hhbGxlbmdlLyB7CiAgICAgICAgcm9vdCAvdmFyL3d3dy9hY21lOwogICAgICAgIGRlZmF1bHRfdHlwZSB0ZXh0L3BsYWluOwogICAgfQoKICAgIGxvY2F0aW9uIC8gewogICAgICAgIHJldHVybiAzMDggaHR0cHM6Ly9hcGkuZGV2LmlyaXN4LmV4YW1wbGUkcmVxdWVzdF91cmk7CiAgICB9Cn0KCiMgUG9ydCA0NDMsIGFueSBuYW1lIGJ1dCBvdXJzOiByZWZ1c2UgdGhlIFRMUyBoYW5kc2hha2UgZm9yIGEgc3RyYW5nZXIncyBTTkkgKG9yIG5vbmUpLCBhbmQgY2xvc2UKIyB3aXRob3V0IGFuIGFuc3dlciB3aGVuIG91ciBTTkkgY2FycmllcyBhIHN0cmFuZ2VyJ3MgSG9zdCAobmdpbnggcGlja3MgdGhlIHNlcnZlciBieSBIb3N0IHRoZW4pLgpzZXJ2ZXIgewogICAgbGlzdGVuIDQ0MyBzc2wgaHR0cDIgZGVmYXVsdF9zZXJ2ZXI7CiAgICBsaXN0ZW4gWzo6XTo0NDMgc3NsIGh0dHAyIGRlZmF1bHRfc2VydmVyOwogICAgc2VydmVyX25hbWUgXzsKICAgIHNzbF9yZWplY3RfaGFuZHNoYWtlIG9uOwogICAgcmV0dXJuIDQ0NDsKfQoKc2VydmVyIHsKICAgIGxpc3RlbiA0NDMgc3NsIGh0dHAyOwogICAgbGlzdGVuIFs6Ol06NDQzIHNzbCBodHRwMjsKICAgIHNlcnZlcl9uYW1lIGFwaS5kZXYuaXJpc3guZXhhbXBsZTsKCiAgICAjIFBsYWNlaG9sZGVyIHVudGlsIGNlcnRib3QncyBkZXBsb3kgaG9vayBsaW5rcyB0aGVzZSB0byB0aGUgaXNzdWVkIGNlcnRpZmljYXRlLgogICAgc3NsX2NlcnRpZmljYXRlIC9ldGMvaXJpc3gvdGxzL2FwaS5kZXYuaXJpc3guZXhhbXBsZS9mdWxsY2hhaW4ucGVtOwogICAgc3NsX2NlcnRpZmljYXRlX2tleSAvZXRjL2lyaXN4L3Rscy9hcGkuZGV2LmlyaXN4LmV4YW1wbGUvcHJpdmtleS5wZW07CgogICAgYWRkX2hlYWRlciBTdHJpY3QtVHJhbnNwb3J0LVNlY3VyaXR5ICJtYXgtYWdlPTYzMDcyMDAwIiBhbHdheXM7CiAgICBhZGRfaGVhZGVyIFgtQ29udGVudC1UeXBlLU9wdGlvbnMgIm5vc25pZmYiIGFsd2F5czsKICAgIGFkZF9oZWFkZXIgWC1GcmFtZS1PcHRpb25zICJERU5ZIiBhbHdheXM7CiAgICBhZGRfaGVhZGVyIENvbnRlbnQtU2VjdXJpdHktUG9saWN5ICJmcmFtZS1hbmNlc3RvcnMgJ25vbmUnIiBhbHdheXM7CiAgICBhZGRfaGVhZGVyIFJlZmVycmVyLVBvbGljeSAibm8tcmVmZXJyZXIiIGFsd2F5czsKICAgIGFkZF9oZWFkZXIgQ2FjaGUtQ29udHJvbCAibm8tc3RvcmUiIGFsd2F5czsKCiAgICBsaW1pdF9yZXEgem9uZT1hcGkgYnVyc3Q9MjAgbm9kZWxheTsKICAgIGxpbWl0X3JlcV9zdGF0dXMgNDI5OwoKICAgIHByb3h5X2h0dHBfdmVyc2lvbiAxLjE7CiAgICBwcm94eV9zZXRfaGVhZGVyIENvbm5lY3Rpb24gIiI7CiAgICBwcm94eV9zZXRfaGVhZGVyIEhvc3QgJGhvc3Q7CiAgICBwcm94eV9zZXRfaGVhZGVyIFgtUmVhbC1JUCAkcmVtb3RlX2FkZHI7CiAgICAjIG5naW54IGlzIHRoZSBmaXJzdCBob3A6ICRyZW1vdGVfYWRkciwgbm90ICRwcm94eV9hZGRfeF9mb3J3YXJkZWRfZm9yLCBzbyBhIGNsaWVudCBjYW5ub3QKICAgICMgaGFuZCB0aGUgYXBwIGEgZm9yZ2VkIGNoYWluLgogICAgcHJveHlfc2V0X2hlYWRlciBYLUZvcndhcmRlZC1Gb3IgJHJlbW90ZV9hZGRyOwogICAgcHJveHlfc2V0X2hlYWRlciBYLUZvcndhcmRlZC1Qcm90byAkc2NoZW1lOwogICAgcHJveHlfc2V0X2hlYWRlciBYLUZvcndhcmRlZC1Ib3N0IGFwaS5kZXYuaXJpc3guZXhhbXBsZTsKICAgICMgQW4gZW1wdHkgdmFsdWUgZHJvcHMgdGhlIGhlYWRlcjogdGhlIGNsaWVudCdzIG93biBGb3J3YXJkZWQgbmV2ZXIgcmVhY2hlcyB0aGUgYXBwLgogICAgcHJveHlfc2V0X2hlYWRlciBGb3J3YXJkZWQgIiI7CiAgICBwcm94eV9oaWRlX2hlYWRlciBYLVBvd2VyZWQtQnk7CgogICAgIyBUaGUgYXBwIGFuc3dlcnMgaXRzIG93biBoZWFsdGggY2hlY2s7IG5naW54IG9ubHkgcGFzc2VzIGl0IHRocm91Z2ggKHJhdGUgbGltaXQgaW5jbHVkZWQpLgogICAgbG9jYXRpb24gPSAvaGVhbHRoIHsKICAgICAgICBwcm94eV9wYXNzIGh0dHA6Ly9pcmlzeF9hcGk7CiAgICB9CgogICAgbG9jYXRpb24gLyB7CiAgICAgICAgcHJveHlfcGFzcyBodHRwOi8vaXJpc3hfYXBpOwogICAgfQp9Cg=='
    'IyEvYmluL3NoCiMgbWFuYWdlZCBieSBpcmlzeC1pbmZyYSwgZG8gbm90IGVkaXQgb24gdGhlIGhvc3QgKHNvdXJjZTogcHJvdmlzaW9uaW5nL3JlbmRlci9uZ2lueC50cykKIyBjZXJ0Ym90IGRlcGxveSBob29rOiBuZ2lueCBzZXJ2ZXMgYXBpLmRldi5pcmlzeC5leGFtcGxlIGZyb20gL2V0Yy9pcmlzeC90bHMvYXBpLmRldi5pcmlzeC5leGFtcGxlLgojIExpbmtzIGJvdGggZmlsZXMgdG8gdGhlIGxpbmVhZ2UgY2VydGJvdCBqdXN0IGlzc3VlZCBvciByZW5ld2VkICgkUkVORVdFRF9MSU5FQUdFKSwgY2hlY2tzIHdpdGgKIyBuZ2lueCAtdCAocmVzdG9yaW5nIHRoZSBwcmV2aW91cyBwYWlyIGlmIHJlamVjdGVkKSBhbmQgcmVsb2FkcyBuZ2lueC4gT3RoZXIgbGluZWFnZXM6IG5vLW9wLgpzZXQgLXUKZG9tYWluPWFwaS5kZXYuaXJpc3guZXhhbXBsZQp0bHM9L2V0Yy9pcmlzeC90bHMvYXBpLmRldi5pcmlzeC5leGFtcGxlCmxpbmVhZ2U9JHtSRU5FV0VEX0xJTkVBR0U6LS9ldGMvbGV0c2VuY3J5cHQvbGl2ZS9hcGkuZGV2LmlyaXN4LmV4YW1wbGV9Cgpsb2coKSB7IGVjaG8gImlyaXN4LW5naW54IGRlcGxveSBob29rOiAkKiI7IH0KZGllKCkgeyBlY2hvICJpcmlzeC1uZ2lueCBkZXBsb3kgaG9vazogJCoiID4mMjsgZXhpdCAxOyB9CgpjYXNlICIgJHtSRU5FV0VEX0RPTUFJTlM6LSRkb21haW59ICIgaW4KICAgICoiICRkb21haW4gIiopIDs7CiAgICAqKSBsb2cgIiRsaW5lYWdlIGlzIG5vdCBmb3IgJGRvbWFpbjsgbm90aGluZyB0byBkbyI7IGV4aXQgMCA7Owplc2FjCmNhc2UgIiRsaW5lYWdlIiBpbgogICAgLyopIDs7CiAgICAqKSBkaWUgIlJFTkVXRURfTElORUFHRSBtdXN0IGJlIGFuIGFic29sdXRlIHBhdGgsIGdvdCAkbGluZWFnZSIgOzsKZXNhYwpmb3IgZiBpbiBmdWxsY2hhaW4ucGVtIHByaXZrZXkucGVtOyBkbwogICAgWyAtcyAiJGxpbmVhZ2UvJGYiIF0gfHwgZGllICIkbGluZWFnZS8kZiBpcyBtaXNzaW5nIG9yIGVtcHR5OyBuZ2lueCBrZWVwcyBpdHMgY3VycmVudCBjZXJ0aWZpY2F0ZSIKZG9uZQojIEFuIGVhcmxpZXIgcHVzaCBwdXQgaXRzIHBsYWNlaG9sZGVyIGluIGNlcnRib3QncyBmb2xkZXI7IGNlcnRib3QgdGhlbiBpc3N1ZXMgaW50byA8ZG9tYWluPi0wMDAxLgpbICEgLWUgIiRsaW5lYWdlL0lSSVNYLVBMQUNFSE9MREVSIiBdIHx8IGRpZSAiJGxpbmVhZ2UgaG9sZHMgdGhlIHBsYWNlaG9sZGVyIG9mIGFuIGVhcmxpZXIgcHVzaCwgbm90IGEgY2VydGlmaWNhdGUgY2VydGJvdCBpc3N1ZWQ7IG5naW54IGtlZXBzIGl0cyBjdXJyZW50IGNlcnRpZmljYXRlIgoKKHVtYXNrIDAyMiAmJiBta2RpciAtcCAiJHt0bHMlLyp9IikgJiYgeyBbIC1kICIkdGxzIiBdIHx8IGluc3RhbGwgLWQgLW0gMDcwMCAiJHRscyI7IH0gfHwgZGllICJjYW5ub3QgY3JlYXRlICR0bHMiCnByZXZpb3VzPSQobWt0ZW1wIC1kICIkdGxzLy5wcmV2aW91cy5YWFhYWFgiKSB8fCBkaWUgImNhbm5vdCBjcmVhdGUgYSBiYWNrdXAgZGlyZWN0b3J5IGluICR0bHMiCnJlc3RvcmUoKSB7CiAgICBmb3IgZiBpbiBmdWxsY2hhaW4ucGVtIHByaXZrZXkucGVtOyBkbwogICAgICAgIGlmIFsgLWUgIiRwcmV2aW91cy8kZiIgXSB8fCBbIC1MICIkcHJldmlvdXMvJGYiIF07IHRoZW4gbXYgLVRmICIkcHJldmlvdXMvJGYiICIkdGxzLyRmIjsgZWxzZSBybSAtZiAiJHRscy8kZiI7IGZpCiAgICBkb25lCiAgICBybSAtcmYgIiRwcmV2aW91cyIKfQpmb3IgZiBpbiBmdWxsY2hhaW4ucGVtIHByaXZrZXkucGVtOyBkbwogICAgaWYgWyAtZSAiJHRscy8kZiIgXSB8fCBbIC1MICIkdGxzLyRmIiBdOyB0aGVuCiAgICAgICAgY3AgLXBQICIkdGxzLyRmIiAiJHByZXZpb3VzLyRmIiB8fCB7IHJtIC1yZiAiJHByZXZpb3VzIjsgZGllICJjYW5ub3QgYmFjayB1cCAkdGxzLyRmOyBub3RoaW5nIGNoYW5nZWQiOyB9CiAgICBmaQpkb25lCiMgQSBzeW1saW5rIGludG8gY2VydGJvdCdzIGxpdmUgZGlyZWN0b3J5IGZvbGxvd3MgZXZlcnkgbGF0ZXIgcmVuZXdhbDsgcmVuYW1lKDIpIHN3YXBzIGVhY2ggcGF0aCB3aG9sZS4KZm9yIGYgaW4gZnVsbGNoYWluLnBlbSBwcml2a2V5LnBlbTsgZG8KICAgIGlmICEgeyBsbiAtc2ZuICIkbGluZWFnZS8kZiIgIiR0bHMvLiRmLmlyaXN4LW5ldyIgJiYgbXYgLVRmICIkdGxzLy4kZi5pcmlzeC1uZXciICIkdGxzLyRmIjsgfTsgdGhlbgogICAgICAgIHJlc3RvcmUKICAgICAgICBkaWUgImNhbm5vdCBsaW5rICR0bHMvJGYgdG8gJGxpbmVhZ2UvJGY7IHByZXZpb3VzIGNlcnRpZmljYXRlIHJlc3RvcmVkIgogICAgZmkKZG9uZQppZiAhIG91dD0kKG5naW54IC10IDI+JjEpOyB0aGVuCiAgICByZXN0b3JlCiAgICBkaWUgIm5naW54IC10IHJlamVjdGVkIHRoZSBjZXJ0aWZpY2F0ZSBpbiAkbGluZWFnZTsgcHJldmlvdXMgY2VydGlmaWNhdGUgcmVzdG9yZWQsIG5naW54IG5vdCByZWxvYWRlZDoKJG91dCIKZmkKcm0gLXJmICIkcHJldmlvdXMiCnJtIC1mIC9ldGMvaXJpc3gvdGxzL2FwaS5kZXYuaXJpc3guZXhhbXBsZS9JUklTWC1QTEFDRUhPTERFUgppZiAhIG91dD0kKCAoaWYgc3lzdGVtY3RsIGlzLWFjdGl2ZSAtLXF1aWV0IG5naW54OyB0aGVuIHN5c3RlbWN0bCByZWxvYWQgbmdpbng7IGVsc2Ugc3lzdGVtY3RsIHJlc3RhcnQgbmdpbng7IGZpKSAyPiYxKTsgdGhlbgogICAgZGllICJsaW5rZWQgJHRscyB0byAkbGluZWFnZSBidXQgdGhlIG5naW54IHJlbG9hZCBmYWlsZWQ6ICRvdXQiCmZpCmxvZyAibmdpbnggc2VydmVzICRkb21haW4gd2l0aCB0aGUgY2VydGlmaWNhdGUgaW4gJGxpbmVhZ2UiCg=='
)
requires=(nginx openssl)

log() { echo "irisx-push[$unit]: $*"; }
die() { echo "irisx-push[$unit]: $*" >&2; exit 1; }
hash_of() { sha256sum "$1" | cut -d' ' -f1; }

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
