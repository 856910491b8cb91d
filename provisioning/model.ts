/**
 * What a host receives: files grouped into push units. A unit is the grain of one transaction on
 * the host (validate together, swap together, reload together, roll back together), so a broken
 * nginx file never holds back a fail2ban change and vice versa.
 */

/** 0755 only for scripts another program runs (certbot's deploy hook). */
export type FileMode = "0755" | "0644" | "0640" | "0600";

export interface ManagedFile {
    /** Absolute path on the host. */
    readonly path: string;
    readonly content: string;
    readonly mode: FileMode;
    /** Owner is always root; the group lets a service user read (FreeSWITCH runs as freeswitch). */
    readonly group: string;
}

export interface PushUnit {
    /** Short name, unique per host: "nginx", "fail2ban", "freeswitch", "api-env". */
    readonly name: string;
    readonly files: readonly ManagedFile[];
    /** Commands that must exist on the host (cloud-init installs them); checked before anything changes. */
    readonly requires: readonly string[];
    /** Idempotent shell run before validation (directories, placeholder certificate, log files). */
    readonly prepare: string;
    /**
     * Live directories the validator reads beside the unit's files (nginx's includes, fail2ban's
     * filters): copied into the staged tree before the new files are laid over them.
     */
    readonly tree: readonly string[];
    /**
     * Shell that checks the staged tree before any live file changes; non-zero rejects the push.
     * `$tree` is its root: each new file is at `$tree<path>` (render/push-script.ts, stagedPath).
     * With `tree` empty the same text checks the live files.
     */
    readonly validate: string;
    /** Shell that makes the running service pick up the new files. */
    readonly reload: string;
    /**
     * Shell run after the reload that proves the service works on the new files (e.g. a fresh
     * SSH login after an sshd change); non-zero restores the previous files and reloads them.
     */
    readonly prove?: string;
    /**
     * True when a file holds a secret. Then the validator's output is reduced to file:line messages
     * (xmllint would otherwise echo the offending line) and Pulumi does not log the command output.
     */
    readonly secret: boolean;
}

/** Where the sshd jail reads failures: the journal on real Debian 12 hosts, a file on test hosts. */
export type JailBackend = { readonly backend: "systemd" } | { readonly backend: "file"; readonly path: string };
