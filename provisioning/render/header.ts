/** The first line of every rendered file, in the comment syntax of its format. */

export const managedNotice = "managed by irisx-infra, do not edit on the host";

/** For nginx, fail2ban, shell and env files. */
export function hashHeader(source: string): string {
    return `# ${managedNotice} (source: ${source})\n`;
}

/**
 * For FreeSWITCH XML. The files carry no XML declaration: FreeSWITCH splices them into one
 * document with X-PRE-PROCESS include, like its own autoload_configs files.
 */
export function xmlHeader(source: string): string {
    return `<!-- ${managedNotice} (source: ${source}) -->\n`;
}

/** Escapes a value for an XML attribute in double quotes. */
export function xmlAttr(value: string): string {
    return value.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
