// Maps each covered KICS query of the peer suite (fixtures/peer-suite/kics)
// to the one built-in rule that checks the same misconfiguration. The parity
// test counts only that rule's findings for the query.

export interface ParityEntry {
  /** Query folder relative to fixtures/peer-suite/kics. */
  query: string;
  /** Built-in rule id. */
  rule: string;
  /** Why the rule and KICS disagree on some lines, shown on the parity page. */
  note?: string;
}

export interface UncoveredQuery {
  query: string;
  reason: string;
}

export const PARITY_MAP: readonly ParityEntry[] = [
  { query: 'k8s/container_is_privileged', rule: 'BWK-K8S-001' },
  { query: 'k8s/shared_host_network_namespace', rule: 'BWK-K8S-002' },
  { query: 'k8s/shared_host_pid_namespace', rule: 'BWK-K8S-003' },
  { query: 'k8s/shared_host_ipc_namespace', rule: 'BWK-K8S-004' },
  { query: 'k8s/privilege_escalation_allowed', rule: 'BWK-K8S-005' },
  {
    query: 'k8s/containers_running_as_root',
    rule: 'BWK-K8S-006',
    note: 'KICS also reports the pod-level `runAsUser: 1000` of a pod whose container sets `runAsUser: 0`; the rule reports only the container setting that makes it run as root',
  },
  { query: 'k8s/containers_run_with_low_uid', rule: 'BWK-K8S-007' },
  { query: 'k8s/root_container_not_mounted_as_read_only', rule: 'BWK-K8S-008' },
  { query: 'k8s/containers_with_added_capabilities', rule: 'BWK-K8S-009' },
  { query: 'k8s/containers_with_sys_admin_capabilities', rule: 'BWK-K8S-010' },
  { query: 'k8s/net_raw_capabilities_not_being_dropped', rule: 'BWK-K8S-011' },
  { query: 'k8s/no_drop_capabilities_for_containers', rule: 'BWK-K8S-012' },
  { query: 'k8s/workload_mounting_with_sensitive_os_directory', rule: 'BWK-K8S-013' },
  { query: 'k8s/docker_daemon_socket_is_exposed_to_containers', rule: 'BWK-K8S-014' },
  { query: 'k8s/cpu_limits_not_set', rule: 'BWK-K8S-015' },
  { query: 'k8s/memory_limits_not_defined', rule: 'BWK-K8S-016' },
  { query: 'k8s/secrets_as_environment_variables', rule: 'BWK-K8S-019' },
  { query: 'k8s/service_account_token_automount_not_disabled', rule: 'BWK-K8S-021' },
  { query: 'k8s/seccomp_profile_is_not_configured', rule: 'BWK-K8S-022' },
  { query: 'k8s/rbac_wildcard_in_rule', rule: 'BWK-K8S-023' },
  { query: 'dockerCompose/privileged_containers_enabled', rule: 'BWK-DCK-001' },
  { query: 'dockerCompose/shared_host_network_namespace', rule: 'BWK-DCK-002' },
  {
    query: 'dockerCompose/container_capabilities_unrestricted',
    rule: 'BWK-DCK-005',
    note: 'the rule requires `cap_drop` to contain ALL, so it also reports `cap_drop: [SYS_CHROOT]`, which KICS accepts',
  },
  { query: 'dockerCompose/docker_socket_mounted_in_container', rule: 'BWK-DCK-006' },
  { query: 'dockerCompose/no_new_privileges_not_set', rule: 'BWK-DCK-007' },
  {
    query: 'dockerCompose/memory_not_limited',
    rule: 'BWK-DCK-008',
    note: 'for an empty `deploy:` KICS reports both the service and `deploy`; the rule reports only `deploy`, the deepest node that exists',
  },
  {
    query: 'dockerCompose/volume_has_sensitive_host_directory',
    rule: 'BWK-DCK-009',
    note: '`- /var/lib/backup/data` has no host part, so Compose creates an anonymous volume at that container path and the rule does not report it',
  },
];

export const UNCOVERED: readonly UncoveredQuery[] = [
  {
    query: 'common/passwords_and_secrets',
    reason: 'secret detection by value patterns (webhook URLs, API key formats, entropy) across any file; that is the job of the secret scanner, not of a configuration rule',
  },
];
