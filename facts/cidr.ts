/** CIDR parsing shared by config validation, the security groups and the policy pack. */

export interface Cidr {
    readonly family: 4 | 6;
    readonly prefix: number;
    /** The address bits as a bigint (32 or 128 bits). */
    readonly address: bigint;
    readonly text: string;
}

function parseIpv4(text: string): bigint | undefined {
    const parts = text.split(".");
    if (parts.length !== 4) return undefined;
    let value = 0n;
    for (const part of parts) {
        if (!/^(0|[1-9]\d{0,2})$/.test(part) || Number(part) > 255) return undefined;
        value = (value << 8n) | BigInt(Number(part));
    }
    return value;
}

function parseIpv6(text: string): bigint | undefined {
    if (!/^[0-9a-fA-F:]+$/.test(text) || text.split("::").length > 2) return undefined;
    const [head, tail] = text.includes("::") ? text.split("::") : [text, undefined];
    const groups = (s: string) => (s === "" ? [] : s.split(":"));
    const left = groups(head);
    const right = tail === undefined ? [] : groups(tail);
    const missing = 8 - left.length - right.length;
    if (tail === undefined ? missing !== 0 : missing < 1) return undefined;
    const all = [...left, ...Array<string>(tail === undefined ? 0 : missing).fill("0"), ...right];
    let value = 0n;
    for (const group of all) {
        if (!/^[0-9a-fA-F]{1,4}$/.test(group)) return undefined;
        value = (value << 16n) | BigInt(parseInt(group, 16));
    }
    return value;
}

/** Parses `a.b.c.d/n` or an IPv6 `x::y/n`; returns undefined for anything else. */
export function parseCidr(text: string): Cidr | undefined {
    // Never trimmed: a CIDR is used exactly as validated (a trailing newline would reach config files).
    const match = /^([^/\s]+)\/(0|[1-9]\d{0,2})$/.exec(text);
    if (!match) return undefined;
    const [, addressText, prefixText] = match;
    const prefix = Number(prefixText);
    const v4 = parseIpv4(addressText);
    if (v4 !== undefined) return prefix <= 32 ? { family: 4, prefix, address: v4, text } : undefined;
    const v6 = parseIpv6(addressText);
    if (v6 !== undefined) return prefix <= 128 ? { family: 6, prefix, address: v6, text } : undefined;
    return undefined;
}

/** True for 0.0.0.0/0 and ::/0: a source that is the whole internet. */
/** Dotted-quad text of an IPv4 address held as a number. */
export function formatIpv4(address: bigint): string {
    return [24n, 16n, 8n, 0n].map((shift) => String((address >> shift) & 255n)).join(".");
}

export function isWorld(cidr: Cidr): boolean {
    return cidr.prefix === 0;
}

/** True when `outer` contains every address of `inner`. */
export function cidrContains(outer: Cidr, inner: Cidr): boolean {
    if (outer.family !== inner.family || outer.prefix > inner.prefix) return false;
    const bits = outer.family === 4 ? 32n : 128n;
    const shift = bits - BigInt(outer.prefix);
    return outer.address >> shift === inner.address >> shift;
}
