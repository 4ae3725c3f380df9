{{/* Labels every object carries. */}}
{{- define "perplexica.labels" -}}
app.kubernetes.io/name: {{ .name }}
app.kubernetes.io/part-of: perplexica
app.kubernetes.io/component: {{ .component }}
app.kubernetes.io/managed-by: Helm
helm.sh/chart: perplexica-{{ .chartVersion }}
{{- end }}

{{/* The pod's security context: non-root, RuntimeDefault seccomp. */}}
{{- define "perplexica.podSecurity" -}}
runAsNonRoot: true
runAsUser: 1000
runAsGroup: 1000
fsGroup: 1000
seccompProfile:
  type: RuntimeDefault
{{- end }}

{{/* A container's security context: read-only root, no privilege escalation, no capabilities. */}}
{{- define "perplexica.containerSecurity" -}}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
runAsNonRoot: true
capabilities:
  drop: ["ALL"]
seccompProfile:
  type: RuntimeDefault
{{- end }}
