/**
 * A fixture program for the provider-check table: one CopyToRemote per kind of source, pushed the
 * way provisioning/ did before stdin delivery (a StringAsset built inside an apply of a computed
 * value), beside the kinds 1.2.1's Check accepts and refuses when known.
 */
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { remote, types } from "@pulumi/command";

const password = new random.RandomPassword("esl-password", { length: 24, special: false });
const connection = { host: "192.0.2.10", user: "admin" };
const copy = (name: string, source: pulumi.Input<pulumi.asset.Asset | pulumi.asset.Archive>) =>
    new remote.CopyToRemote(name, { connection, remotePath: `/tmp/${name}`, source });

copy("computed-text", password.result.apply((p) => new pulumi.asset.StringAsset(`password=${p}\n`)));
copy("known-text", new pulumi.asset.StringAsset("listen=127.0.0.1\n"));
copy("known-file", new pulumi.asset.FileAsset(__filename));
copy("remote-asset", new pulumi.asset.RemoteAsset("https://example.com/acl.conf.xml"));
copy("known-directory", new pulumi.asset.FileArchive(path.dirname(__filename)));
copy("asset-archive", new pulumi.asset.AssetArchive({ "a.txt": new pulumi.asset.StringAsset("a") }));
new remote.Command("no-host", { connection: { user: "admin" } as types.input.remote.ConnectionArgs, create: "true" });
