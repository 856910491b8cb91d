/**
 * Defence in depth: config reaches the renderers already validated (infra/config/grammars.ts),
 * but a renderer still refuses a value that could break out of its target's syntax (a line break
 * in a fail2ban or nginx directive, a quote or `$(` in a shell word), naming the input, never
 * echoing it (it may be a secret).
 */

/** Throws unless `value` is made only of `allowed`; returns it unchanged. */
export function token(what: string, value: string, allowed: RegExp): string {
    if (!allowed.test(value)) throw new Error(`${what}: refusing a value with characters its file cannot hold safely`);
    return value;
}

/** A DNS name as nginx's server_name, a path segment and a shell word can all take it. */
export const dnsName = (what: string, value: string) => token(what, value, /^[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?$/);

/** An address or CIDR for fail2ban's ignoreip (space-separated) and FreeSWITCH ACL nodes. */
export const addressToken = (what: string, value: string) => token(what, value, /^[0-9A-Fa-f.:]{1,39}(\/[0-9]{1,3})?$/);
