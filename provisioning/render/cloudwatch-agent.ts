/**
 * The CloudWatch agent's JSON config: the host's log files to their stack's log groups, nothing
 * else (no metrics, so the hosts' roles need only logs:CreateLogStream and logs:PutLogEvents on
 * those groups). The groups and their retention belong to Pulumi (infra/monitoring), so the agent
 * never creates a group or sets a retention.
 */
import { agentPaths } from "../../facts/host-paths";

export interface AgentLogFile {
    readonly file: string;
    readonly logGroupName: string;
}

/**
 * JSON has no comments and the agent's schema refuses unknown keys, so this is the one rendered
 * file without the "managed by irisx-infra" header; it lives in /etc/irisx, which holds only ours.
 */
export function renderCloudwatchAgentConfig(files: readonly AgentLogFile[]): string {
    const config = {
        agent: {
            // The files are root:adm 0640 (auth, fail2ban, nginx) or the freeswitch user's; the
            // agent's default user, root, is stated so a later default change cannot silently stop shipping.
            run_as_user: "root",
            logfile: "/opt/aws/amazon-cloudwatch-agent/logs/amazon-cloudwatch-agent.log",
        },
        logs: {
            force_flush_interval: 5,
            logs_collected: {
                files: {
                    collect_list: files.map((f) => ({
                        file_path: f.file,
                        log_group_name: f.logGroupName,
                        log_stream_name: "{instance_id}",
                        timezone: "UTC",
                    })),
                },
            },
        },
    };
    return JSON.stringify(config, null, 2) + "\n";
}

/**
 * Validates a config the way `amazon-cloudwatch-agent-ctl -a fetch-config` does (translate, then
 * the agent's schema test) but in a scratch directory, so a bad file never reaches the agent.
 */
export function agentValidateCommand(configPath: string): string {
    return `d=$(mktemp -d) && trap 'rm -rf "$d"' EXIT && mkdir "$d/in" && cp ${configPath} "$d/in/file_irisx.json.tmp" &&
${agentPaths.bin}/config-translator --input "$d/none.json" --input-dir "$d/in" --output "$d/agent.toml" --mode ec2 --config ${agentPaths.commonConfig} --multi-config default &&
${agentPaths.bin}/amazon-cloudwatch-agent -schematest -config "$d/agent.toml"`;
}

/** Loads the config and (re)starts the agent. */
export function agentReloadCommand(configPath: string): string {
    return `${agentPaths.bin}/amazon-cloudwatch-agent-ctl -a fetch-config -m ec2 -s -c file:${configPath}`;
}
