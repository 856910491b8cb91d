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
    "etc__nginx__conf.d__irisx-api.conf|/etc/nginx/conf.d/irisx-api.conf|0644|root|5ff0b935d93dcb096620c52d1a969c01958d93973a28158c80e5a7d487b1740d"
    "etc__letsencrypt__renewal-hooks__deploy__irisx-nginx.sh|/etc/letsencrypt/renewal-hooks/deploy/irisx-nginx.sh|0755|root|b40b579a9874ad4919d3eb73d3b26ae0046fb91f1eab4e6dce0b9731e9e52174"
)
# each file's content, base64, in the order of files
payload=(
    'IyBtYW5hZ2VkIGJ5IGlyaXN4LWluZnJhLCBkbyBub3QgZWRpdCBvbiB0aGUgaG9zdCAoc291cmNlOiBwcm92aXNpb25pbmcvcmVuZGVyL25naW54LnRzKQoKdXNlciB3d3ctZGF0YTsKd29ya2VyX3Byb2Nlc3NlcyBhdXRvOwpwaWQgL3J1bi9uZ2lueC5waWQ7CmVycm9yX2xvZyAvdmFyL2xvZy9uZ2lueC9lcnJvci5sb2c7CmluY2x1ZGUgL2V0Yy9uZ2lueC9tb2R1bGVzLWVuYWJsZWQvKi5jb25mOwoKZXZlbnRzIHsKICAgIHdvcmtlcl9jb25uZWN0aW9ucyAxMDI0Owp9CgpodHRwIHsKICAgIHNlbmRmaWxlIG9uOwogICAgdGNwX25vcHVzaCBvbjsKICAgIHR5cGVzX2hhc2hfbWF4X3NpemUgMjA0ODsKICAgIHNlcnZlcl90b2tlbnMgb2ZmOwoKICAgICMgVExTIGZvciBldmVyeSBzZXJ2ZXIsIGhlcmUgYW5kIG5vdCBpbiB0aGUgQVBJJ3Mgc2VydmVyOiBuZ2lueCA8IDEuMjMuNCB0YWtlcyB0aGUgcHJvdG9jb2wKICAgICMgbGlzdCBvZiBhIGhhbmRzaGFrZSBmcm9tIHRoZSBkZWZhdWx0X3NlcnZlciBvZiB0aGUgYWRkcmVzcyAodGhlIHJlamVjdC1oYW5kc2hha2Ugc2VydmVyKS4KICAgIHNzbF9wcm90b2NvbHMgVExTdjEuMiBUTFN2MS4zOwogICAgc3NsX2NpcGhlcnMgRUNESEUtRUNEU0EtQUVTMTI4LUdDTS1TSEEyNTY6RUNESEUtUlNBLUFFUzEyOC1HQ00tU0hBMjU2OkVDREhFLUVDRFNBLUFFUzI1Ni1HQ00tU0hBMzg0OkVDREhFLVJTQS1BRVMyNTYtR0NNLVNIQTM4NDpFQ0RIRS1FQ0RTQS1DSEFDSEEyMC1QT0xZMTMwNTpFQ0RIRS1SU0EtQ0hBQ0hBMjAtUE9MWTEzMDU7CiAgICBzc2xfcHJlZmVyX3NlcnZlcl9jaXBoZXJzIG9mZjsKICAgIHNzbF9zZXNzaW9uX3RpbWVvdXQgMWQ7CiAgICBzc2xfc2Vzc2lvbl9jYWNoZSBzaGFyZWQ6TW96U1NMOjEwbTsKICAgICMgbmdpbnggPCAxLjIzLjIgY2Fubm90IHJvdGF0ZSB0aWNrZXQga2V5czogdGlja2V0cyBvZmYga2VlcHMgZm9yd2FyZCBzZWNyZWN5LgogICAgc3NsX3Nlc3Npb25fdGlja2V0cyBvZmY7CgogICAgIyBTbG93IGNsaWVudHM6IHNlZSBuZ2lueENsaWVudFRpbWVvdXRzIGFuZCBjb25uZWN0aW9uc1BlckFkZHJlc3MgaW4gcHJvdmlzaW9uaW5nL3JlbmRlci9uZ2lueC50cy4KICAgIGNsaWVudF9oZWFkZXJfdGltZW91dCAxMHM7CiAgICBjbGllbnRfYm9keV90aW1lb3V0IDEwczsKICAgIHNlbmRfdGltZW91dCAxMHM7CiAgICBrZWVwYWxpdmVfdGltZW91dCAxNXM7CiAgICBsaW1pdF9jb25uX3pvbmUgJGJpbmFyeV9yZW1vdGVfYWRkciB6b25lPXBlcmlwOjEwbTsKICAgIGxpbWl0X2Nvbm4gcGVyaXAgMzE7CiAgICBsaW1pdF9jb25uX3N0YXR1cyA0Mjk7CgogICAgaW5jbHVkZSAvZXRjL25naW54L21pbWUudHlwZXM7CiAgICBkZWZhdWx0X3R5cGUgYXBwbGljYXRpb24vb2N0ZXQtc3RyZWFtOwogICAgIyAiY29tYmluZWQiIHdpdGggdGhlIHN0YXR1cyB3cml0dGVuIGFzIHN0YXR1cz1OTk46IHRoZSBDbG91ZFdhdGNoIG1ldHJpYyBmaWx0ZXIgZm9yIDQyOXMKICAgICMgKGluZnJhL21vbml0b3JpbmcvbG9nLW1ldHJpY3MudHMpIGNvdW50cyB0aGF0IHRlcm0sIHdoaWNoIGEgYmFyZSBudW1iZXIgd291bGQgbm90IHBpbiBkb3duLgogICAgbG9nX2Zvcm1hdCBpcmlzeCAnJHJlbW90ZV9hZGRyIC0gJHJlbW90ZV91c2VyIFskdGltZV9sb2NhbF0gIiRyZXF1ZXN0IiBzdGF0dXM9JHN0YXR1cyAkYm9keV9ieXRlc19zZW50ICIkaHR0cF9yZWZlcmVyIiAiJGh0dHBfdXNlcl9hZ2VudCIgcnQ9JHJlcXVlc3RfdGltZSc7CiAgICBhY2Nlc3NfbG9nIC92YXIvbG9nL25naW54L2FjY2Vzcy5sb2cgaXJpc3g7CgogICAgIyBPbmx5IG91ciBvd24gc2l0ZXM6IERlYmlhbidzIHNpdGVzLWVuYWJsZWQvZGVmYXVsdCBpcyBkZWxpYmVyYXRlbHkgbm90IGluY2x1ZGVkLgogICAgaW5jbHVkZSAvZXRjL25naW54L2NvbmYuZC8qLmNvbmY7Cn0K'
    'IyBtYW5hZ2VkIGJ5IGlyaXN4LWluZnJhLCBkbyBub3QgZWRpdCBvbiB0aGUgaG9zdCAoc291cmNlOiBwcm92aXNpb25pbmcvcmVuZGVyL25naW54LnRzKQoKbGltaXRfcmVxX3pvbmUgJGJpbmFyeV9yZW1vdGVfYWRkciB6b25lPWFwaToxMG0gcmF0ZT0xMHIvczsKCnVwc3RyZWFtIGlyaXN4X2FwaSB7CiAgICBzZXJ2ZXIgMTI3LjAuMC4xOjk4NDg7CiAgICBrZWVwYWxpdmUgMTY7Cn0KCiMgUG9ydCA4MCwgYW55IG5hbWUgYnV0IG91cnMgKGEgYmFyZSBJUCwgYSBzdHJhbmdlcidzIEhvc3QsIG5vbmUpOiBjbG9zZSB3aXRob3V0IGFuIGFuc3dlci4Kc2VydmVyIHsKICAgIGxpc3RlbiA4MCBkZWZhdWx0X3NlcnZlcjsKICAgIGxpc3RlbiBbOjpdOjgwIGRlZmF1bHRfc2VydmVyOwogICAgc2VydmVyX25hbWUgXzsKICAgIHJldHVybiA0NDQ7Cn0KCiMgUG9ydCA4MCBmb3Igb3VyIG5hbWU6IExldCdzIEVuY3J5cHQgSFRUUC0wMSBjaGFsbGVuZ2VzLCBldmVyeXRoaW5nIGVsc2UgdG8gSFRUUFMgb24gb3VyIG5hbWUKIyAobmV2ZXIgJGhvc3QsIHdoaWNoIHRoZSBjbGllbnQgY2hvc2UpLgpzZXJ2ZXIgewogICAgbGlzdGVuIDgwOwogICAgbGlzdGVuIFs6Ol06ODA7CiAgICBzZXJ2ZXJfbmFtZSBhcGkuc3RhZ2luZy5pcmlzeC5leGFtcGxlOwoKICAgIGxvY2F0aW9uIF5+IC8ud2VsbC1rbm93bi9hY21lLWNoYWxsZW5nZS8gewogICAgICAgIHJvb3QgL3Zhci93d3cvYWNtZTsKICAgICAgICBkZWZhdWx0X3R5cGUgdGV4dC9wbGFpbjsKICAgIH0KCiAgICBsb2NhdGlvbiAvIHsKICAgICAgICByZXR1cm4gMzA4IGh0dHBzOi8vYXBpLnN0YWdpbmcuaXJpc3guZXhhbXBsZSRyZXF1ZXN0X3VyaTsKICAgIH0KfQoKIyBQb3J0IDQ0MywgYW55IG5hbWUgYnV0IG91cnM6IHJlZnVzZSB0aGUgVExTIGhhbmRzaGFrZSBmb3IgYSBzdHJhbmdlcidzIFNOSSAob3Igbm9uZSksIGFuZCBjbG9zZQojIHdpdGhvdXQgYW4gYW5zd2VyIHdoZW4gb3VyIFNOSSBjYXJyaWVzIGEgc3RyYW5nZXIncyBIb3N0IChuZ2lueCBwaWNrcyB0aGUgc2VydmVyIGJ5IEhvc3QgdGhlbikuCnNlcnZlciB7CiAgICBsaXN0ZW4gNDQzIHNzbCBodHRwMiBkZWZhdWx0X3NlcnZlcjsKICAgIGxpc3RlbiBbOjpdOjQ0MyBzc2wgaHR0cDIgZGVmYXVsdF9zZXJ2ZXI7CiAgICBzZXJ2ZXJfbmFtZSBfOwogICAgc3NsX3JlamVjdF9oYW5kc2hha2Ugb247CiAgICByZXR1cm4gNDQ0Owp9CgpzZXJ2ZXIgewogICAgbGlzdGVuIDQ0MyBzc2wgaHR0cDI7CiAgICBsaXN0ZW4gWzo6XTo0NDMgc3NsIGh0dHAyOwogICAgc2VydmVyX25hbWUgYXBpLnN0YWdpbmcuaXJpc3guZXhhbXBsZTsKCiAgICAjIFBsYWNlaG9sZGVyIHVudGlsIGNlcnRib3QncyBkZXBsb3kgaG9vayBsaW5rcyB0aGVzZSB0byB0aGUgaXNzdWVkIGNlcnRpZmljYXRlLgogICAgc3NsX2NlcnRpZmljYXRlIC9ldGMvaXJpc3gvdGxzL2FwaS5zdGFnaW5nLmlyaXN4LmV4YW1wbGUvZnVsbGNoYWluLnBlbTsKICAgIHNzbF9jZXJ0aWZpY2F0ZV9rZXkgL2V0Yy9pcmlzeC90bHMvYXBpLnN0YWdpbmcuaXJpc3guZXhhbXBsZS9wcml2a2V5LnBlbTsKCiAgICBhZGRfaGVhZGVyIFN0cmljdC1UcmFuc3BvcnQtU2VjdXJpdHkgIm1heC1hZ2U9NjMwNzIwMDAiIGFsd2F5czsKICAgIGFkZF9oZWFkZXIgWC1Db250ZW50LVR5cGUtT3B0aW9ucyAibm9zbmlmZiIgYWx3YXlzOwogICAgYWRkX2hlYWRlciBYLUZyYW1lLU9wdGlvbnMgIkRFTlkiIGFsd2F5czsKICAgIGFkZF9oZWFkZXIgQ29udGVudC1TZWN1cml0eS1Qb2xpY3kgImZyYW1lLWFuY2VzdG9ycyAnbm9uZSciIGFsd2F5czsKICAgIGFkZF9oZWFkZXIgUmVmZXJyZXItUG9saWN5ICJuby1yZWZlcnJlciIgYWx3YXlzOwogICAgYWRkX2hlYWRlciBDYWNoZS1Db250cm9sICJuby1zdG9yZSIgYWx3YXlzOwoKICAgIGxpbWl0X3JlcSB6b25lPWFwaSBidXJzdD0yMCBub2RlbGF5OwogICAgbGltaXRfcmVxX3N0YXR1cyA0Mjk7CgogICAgcHJveHlfaHR0cF92ZXJzaW9uIDEuMTsKICAgIHByb3h5X3NldF9oZWFkZXIgQ29ubmVjdGlvbiAiIjsKICAgIHByb3h5X3NldF9oZWFkZXIgSG9zdCAkaG9zdDsKICAgIHByb3h5X3NldF9oZWFkZXIgWC1SZWFsLUlQICRyZW1vdGVfYWRkcjsKICAgICMgbmdpbnggaXMgdGhlIGZpcnN0IGhvcDogJHJlbW90ZV9hZGRyLCBub3QgJHByb3h5X2FkZF94X2ZvcndhcmRlZF9mb3IsIHNvIGEgY2xpZW50IGNhbm5vdAogICAgIyBoYW5kIHRoZSBhcHAgYSBmb3JnZWQgY2hhaW4uCiAgICBwcm94eV9zZXRfaGVhZGVyIFgtRm9yd2FyZGVkLUZvciAkcmVtb3RlX2FkZHI7CiAgICBwcm94eV9zZXRfaGVhZGVyIFgtRm9yd2FyZGVkLVByb3RvICRzY2hlbWU7CiAgICBwcm94eV9zZXRfaGVhZGVyIFgtRm9yd2FyZGVkLUhvc3QgYXBpLnN0YWdpbmcuaXJpc3guZXhhbXBsZTsKICAgICMgQW4gZW1wdHkgdmFsdWUgZHJvcHMgdGhlIGhlYWRlcjogdGhlIGNsaWVudCdzIG93biBGb3J3YXJkZWQgbmV2ZXIgcmVhY2hlcyB0aGUgYXBwLgogICAgcHJveHlfc2V0X2hlYWRlciBGb3J3YXJkZWQgIiI7CiAgICBwcm94eV9oaWRlX2hlYWRlciBYLVBvd2VyZWQtQnk7CgogICAgIyBUaGUgYXBwIGFuc3dlcnMgaXRzIG93biBoZWFsdGggY2hlY2s7IG5naW54IG9ubHkgcGFzc2VzIGl0IHRocm91Z2ggKHJhdGUgbGltaXQgaW5jbHVkZWQpLgogICAgbG9jYXRpb24gPSAvaGVhbHRoIHsKICAgICAgICBwcm94eV9wYXNzIGh0dHA6Ly9pcmlzeF9hcGk7CiAgICB9CgogICAgbG9jYXRpb24gLyB7CiAgICAgICAgcHJveHlfcGFzcyBodHRwOi8vaXJpc3hfYXBpOwogICAgfQp9Cg=='
    'IyEvYmluL3NoCiMgbWFuYWdlZCBieSBpcmlzeC1pbmZyYSwgZG8gbm90IGVkaXQgb24gdGhlIGhvc3QgKHNvdXJjZTogcHJvdmlzaW9uaW5nL3JlbmRlci9uZ2lueC50cykKIyBjZXJ0Ym90IGRlcGxveSBob29rOiBuZ2lueCBzZXJ2ZXMgYXBpLnN0YWdpbmcuaXJpc3guZXhhbXBsZSBmcm9tIC9ldGMvaXJpc3gvdGxzL2FwaS5zdGFnaW5nLmlyaXN4LmV4YW1wbGUuCiMgTGlua3MgYm90aCBmaWxlcyB0byB0aGUgbGluZWFnZSBjZXJ0Ym90IGp1c3QgaXNzdWVkIG9yIHJlbmV3ZWQgKCRSRU5FV0VEX0xJTkVBR0UpLCBjaGVja3Mgd2l0aAojIG5naW54IC10IChyZXN0b3JpbmcgdGhlIHByZXZpb3VzIHBhaXIgaWYgcmVqZWN0ZWQpIGFuZCByZWxvYWRzIG5naW54LiBPdGhlciBsaW5lYWdlczogbm8tb3AuCnNldCAtdQpkb21haW49YXBpLnN0YWdpbmcuaXJpc3guZXhhbXBsZQp0bHM9L2V0Yy9pcmlzeC90bHMvYXBpLnN0YWdpbmcuaXJpc3guZXhhbXBsZQpsaW5lYWdlPSR7UkVORVdFRF9MSU5FQUdFOi0vZXRjL2xldHNlbmNyeXB0L2xpdmUvYXBpLnN0YWdpbmcuaXJpc3guZXhhbXBsZX0KCmxvZygpIHsgZWNobyAiaXJpc3gtbmdpbnggZGVwbG95IGhvb2s6ICQqIjsgfQpkaWUoKSB7IGVjaG8gImlyaXN4LW5naW54IGRlcGxveSBob29rOiAkKiIgPiYyOyBleGl0IDE7IH0KCmNhc2UgIiAke1JFTkVXRURfRE9NQUlOUzotJGRvbWFpbn0gIiBpbgogICAgKiIgJGRvbWFpbiAiKikgOzsKICAgICopIGxvZyAiJGxpbmVhZ2UgaXMgbm90IGZvciAkZG9tYWluOyBub3RoaW5nIHRvIGRvIjsgZXhpdCAwIDs7CmVzYWMKY2FzZSAiJGxpbmVhZ2UiIGluCiAgICAvKikgOzsKICAgICopIGRpZSAiUkVORVdFRF9MSU5FQUdFIG11c3QgYmUgYW4gYWJzb2x1dGUgcGF0aCwgZ290ICRsaW5lYWdlIiA7Owplc2FjCmZvciBmIGluIGZ1bGxjaGFpbi5wZW0gcHJpdmtleS5wZW07IGRvCiAgICBbIC1zICIkbGluZWFnZS8kZiIgXSB8fCBkaWUgIiRsaW5lYWdlLyRmIGlzIG1pc3Npbmcgb3IgZW1wdHk7IG5naW54IGtlZXBzIGl0cyBjdXJyZW50IGNlcnRpZmljYXRlIgpkb25lCiMgQW4gZWFybGllciBwdXNoIHB1dCBpdHMgcGxhY2Vob2xkZXIgaW4gY2VydGJvdCdzIGZvbGRlcjsgY2VydGJvdCB0aGVuIGlzc3VlcyBpbnRvIDxkb21haW4+LTAwMDEuClsgISAtZSAiJGxpbmVhZ2UvSVJJU1gtUExBQ0VIT0xERVIiIF0gfHwgZGllICIkbGluZWFnZSBob2xkcyB0aGUgcGxhY2Vob2xkZXIgb2YgYW4gZWFybGllciBwdXNoLCBub3QgYSBjZXJ0aWZpY2F0ZSBjZXJ0Ym90IGlzc3VlZDsgbmdpbngga2VlcHMgaXRzIGN1cnJlbnQgY2VydGlmaWNhdGUiCgoodW1hc2sgMDIyICYmIG1rZGlyIC1wICIke3RscyUvKn0iKSAmJiB7IFsgLWQgIiR0bHMiIF0gfHwgaW5zdGFsbCAtZCAtbSAwNzAwICIkdGxzIjsgfSB8fCBkaWUgImNhbm5vdCBjcmVhdGUgJHRscyIKcHJldmlvdXM9JChta3RlbXAgLWQgIiR0bHMvLnByZXZpb3VzLlhYWFhYWCIpIHx8IGRpZSAiY2Fubm90IGNyZWF0ZSBhIGJhY2t1cCBkaXJlY3RvcnkgaW4gJHRscyIKcmVzdG9yZSgpIHsKICAgIGZvciBmIGluIGZ1bGxjaGFpbi5wZW0gcHJpdmtleS5wZW07IGRvCiAgICAgICAgaWYgWyAtZSAiJHByZXZpb3VzLyRmIiBdIHx8IFsgLUwgIiRwcmV2aW91cy8kZiIgXTsgdGhlbiBtdiAtVGYgIiRwcmV2aW91cy8kZiIgIiR0bHMvJGYiOyBlbHNlIHJtIC1mICIkdGxzLyRmIjsgZmkKICAgIGRvbmUKICAgIHJtIC1yZiAiJHByZXZpb3VzIgp9CmZvciBmIGluIGZ1bGxjaGFpbi5wZW0gcHJpdmtleS5wZW07IGRvCiAgICBpZiBbIC1lICIkdGxzLyRmIiBdIHx8IFsgLUwgIiR0bHMvJGYiIF07IHRoZW4KICAgICAgICBjcCAtcFAgIiR0bHMvJGYiICIkcHJldmlvdXMvJGYiIHx8IHsgcm0gLXJmICIkcHJldmlvdXMiOyBkaWUgImNhbm5vdCBiYWNrIHVwICR0bHMvJGY7IG5vdGhpbmcgY2hhbmdlZCI7IH0KICAgIGZpCmRvbmUKIyBBIHN5bWxpbmsgaW50byBjZXJ0Ym90J3MgbGl2ZSBkaXJlY3RvcnkgZm9sbG93cyBldmVyeSBsYXRlciByZW5ld2FsOyByZW5hbWUoMikgc3dhcHMgZWFjaCBwYXRoIHdob2xlLgpmb3IgZiBpbiBmdWxsY2hhaW4ucGVtIHByaXZrZXkucGVtOyBkbwogICAgaWYgISB7IGxuIC1zZm4gIiRsaW5lYWdlLyRmIiAiJHRscy8uJGYuaXJpc3gtbmV3IiAmJiBtdiAtVGYgIiR0bHMvLiRmLmlyaXN4LW5ldyIgIiR0bHMvJGYiOyB9OyB0aGVuCiAgICAgICAgcmVzdG9yZQogICAgICAgIGRpZSAiY2Fubm90IGxpbmsgJHRscy8kZiB0byAkbGluZWFnZS8kZjsgcHJldmlvdXMgY2VydGlmaWNhdGUgcmVzdG9yZWQiCiAgICBmaQpkb25lCmlmICEgb3V0PSQobmdpbnggLXQgMj4mMSk7IHRoZW4KICAgIHJlc3RvcmUKICAgIGRpZSAibmdpbnggLXQgcmVqZWN0ZWQgdGhlIGNlcnRpZmljYXRlIGluICRsaW5lYWdlOyBwcmV2aW91cyBjZXJ0aWZpY2F0ZSByZXN0b3JlZCwgbmdpbnggbm90IHJlbG9hZGVkOgokb3V0IgpmaQpybSAtcmYgIiRwcmV2aW91cyIKcm0gLWYgL2V0Yy9pcmlzeC90bHMvYXBpLnN0YWdpbmcuaXJpc3guZXhhbXBsZS9JUklTWC1QTEFDRUhPTERFUgppZiAhIG91dD0kKCAoaWYgc3lzdGVtY3RsIGlzLWFjdGl2ZSAtLXF1aWV0IG5naW54OyB0aGVuIHN5c3RlbWN0bCByZWxvYWQgbmdpbng7IGVsc2Ugc3lzdGVtY3RsIHJlc3RhcnQgbmdpbng7IGZpKSAyPiYxKTsgdGhlbgogICAgZGllICJsaW5rZWQgJHRscyB0byAkbGluZWFnZSBidXQgdGhlIG5naW54IHJlbG9hZCBmYWlsZWQ6ICRvdXQiCmZpCmxvZyAibmdpbnggc2VydmVzICRkb21haW4gd2l0aCB0aGUgY2VydGlmaWNhdGUgaW4gJGxpbmVhZ2UiCg=='
)
requires=(nginx openssl)

log() { echo "irisx-push[$unit]: $*"; }
die() { echo "irisx-push[$unit]: $*" >&2; exit 1; }
hash_of() { sha256sum "$1" | cut -d' ' -f1; }

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
