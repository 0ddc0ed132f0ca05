{{/* The objects' name: <release>-ci-autofix, or the release name when it already has the chart's. */}}
{{- define "ci-autofix.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "ci-autofix.selectorLabels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "ci-autofix.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{ include "ci-autofix.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}

{{/* A value as the text of an environment variable. helm reads numbers in values files as float64,
which print as 1.2345678e+07: IDs are printed as integers instead. */}}
{{- define "ci-autofix.str" -}}
{{- if kindIs "float64" . }}{{ int64 . }}{{ else }}{{ . }}{{ end -}}
{{- end -}}

{{/* Whether the service keeps its data in PostgreSQL (else in PGlite, in the data dir). */}}
{{- define "ci-autofix.hasDatabase" -}}
{{- if or .Values.database.url .Values.database.existingSecret }}true{{ end -}}
{{- end -}}

{{/* The combinations that cannot work, refused before anything is installed. */}}
{{- define "ci-autofix.validate" -}}
{{- $replicas := int .Values.replicaCount -}}
{{- if and (gt $replicas 1) (not (include "ci-autofix.hasDatabase" .)) -}}
{{- fail (printf "replicaCount is %d, but several replicas need PostgreSQL: set database.url or database.existingSecret (the embedded PGlite database serves one process only)" $replicas) -}}
{{- end -}}
{{- if and .Values.database.url .Values.database.existingSecret -}}
{{- fail "set database.url or database.existingSecret, not both" -}}
{{- end -}}
{{- if and .Values.database.url .Values.existingSecret -}}
{{- fail "database.url goes into the chart's Secret, which existingSecret replaces: put the URL in a Secret of yours and set database.existingSecret" -}}
{{- end -}}
{{- if and .Values.persistence.enabled (gt $replicas 1) (has "ReadWriteOnce" .Values.persistence.accessModes) -}}
{{- fail "persistence with replicaCount > 1 needs a ReadWriteMany claim (persistence.accessModes)" -}}
{{- end -}}
{{- include "ci-autofix.validateDashboard" . -}}
{{- end -}}

{{/* The dashboard's settings that cannot work or would not be safe. */}}
{{- define "ci-autofix.validateDashboard" -}}
{{- $d := .Values.dashboard -}}
{{- if hasKey $d "token" -}}
{{- fail "dashboard.token is not read: the token belongs in a Secret (dashboard.existingSecret, key dashboard.existingSecretKey), never in the chart's values" -}}
{{- end -}}
{{- if $d.enabled -}}
{{- if not (has $d.auth (list "token" "proxy")) -}}
{{- fail (printf "dashboard.auth must be token or proxy (got %q)" (toString $d.auth)) -}}
{{- end -}}
{{- if and (eq $d.auth "token") (not (or $d.existingSecret .Values.existingSecret)) -}}
{{- fail "dashboard.auth=token reads DASHBOARD_TOKEN from a Secret: kubectl create secret generic ci-autofix-dashboard --from-literal=dashboard-token=$(openssl rand -hex 24), then set dashboard.existingSecret=ci-autofix-dashboard" -}}
{{- end -}}
{{- if and (eq $d.auth "proxy") $d.ingress.enabled (not $d.ingress.annotations) -}}
{{- fail "dashboard.auth=proxy lets in everyone who reaches /dashboard: set dashboard.ingress.annotations to the proxy that authenticates them (e.g. nginx.ingress.kubernetes.io/auth-url and auth-signin for oauth2-proxy)" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* The dashboard's environment: none while it is off; the token only ever from a Secret. */}}
{{- define "ci-autofix.dashboardEnv" -}}
{{- $d := .Values.dashboard -}}
{{- if $d.enabled }}
- name: DASHBOARD_AUTH
  value: {{ $d.auth | quote }}
{{- if eq $d.auth "token" }}
- name: DASHBOARD_TOKEN
  valueFrom:
    secretKeyRef:
      name: {{ $d.existingSecret | default .Values.existingSecret }}
      key: {{ $d.existingSecretKey }}
{{- end }}
{{- if $d.secureCookie }}
- name: DASHBOARD_SECURE_COOKIE
  value: "true"
{{- end }}
{{- end }}
{{- end -}}

{{/* The credentials, as a YAML list: variable, name in secretKeys, value for the chart's Secret. */}}
{{- define "ci-autofix.credentials" -}}
{{- $s := .Values.secrets -}}
- {env: GITHUB_TOKEN, name: githubToken, value: {{ $s.githubToken | default "" | toJson }}}
- {env: ANTHROPIC_API_KEY, name: anthropicApiKey, value: {{ $s.anthropicApiKey | default "" | toJson }}}
- {env: OPENAI_API_KEY, name: openaiApiKey, value: {{ $s.openaiApiKey | default "" | toJson }}}
- {env: GITHUB_PRIVATE_KEY, name: githubPrivateKey, value: {{ $s.githubPrivateKey | default "" | toJson }}}
- {env: GITHUB_WEBHOOK_SECRET, name: webhookSecret, value: {{ .Values.webhook.secret | default "" | toJson }}}
- {env: AUTOFIX_WEBHOOK_SECRET, name: autofixWebhookSecret, value: {{ $s.autofixWebhookSecret | default "" | toJson }}}
{{- end -}}

{{/* The data of the chart's Secret: each credential given a value, and the database URL. Empty with
existingSecret, and then no Secret is rendered. */}}
{{- define "ci-autofix.secretData" -}}
{{- if not .Values.existingSecret -}}
{{- range (include "ci-autofix.credentials" . | fromYamlArray) }}
{{- $key := get $.Values.secretKeys .name }}
{{- if and $key .value }}
{{ $key }}: {{ .value | b64enc | quote }}
{{- end }}
{{- end }}
{{- with .Values.database.url }}
{{ required "secretKeys.databaseUrl is needed with database.url" $.Values.secretKeys.databaseUrl }}: {{ . | b64enc | quote }}
{{- end }}
{{- end -}}
{{- end -}}

{{/* The container's environment variables read from a Secret. */}}
{{- define "ci-autofix.secretEnv" -}}
{{- $fullname := include "ci-autofix.fullname" . -}}
{{- range (include "ci-autofix.credentials" . | fromYamlArray) }}
{{- $key := get $.Values.secretKeys .name }}
{{- if and $key $.Values.existingSecret }}
- name: {{ .env }}
  valueFrom:
    secretKeyRef:
      name: {{ $.Values.existingSecret }}
      key: {{ $key }}
      {{- if not (has .name $.Values.existingSecretRequired) }}
      optional: true
      {{- end }}
{{- else if and $key .value }}
- name: {{ .env }}
  valueFrom:
    secretKeyRef:
      name: {{ $fullname }}
      key: {{ $key }}
{{- end }}
{{- end }}
{{- if .Values.database.existingSecret }}
- name: DATABASE_URL
  valueFrom:
    secretKeyRef:
      name: {{ .Values.database.existingSecret }}
      key: {{ .Values.database.existingSecretKey }}
{{- else if .Values.database.url }}
- name: DATABASE_URL
  valueFrom:
    secretKeyRef:
      name: {{ $fullname }}
      key: {{ .Values.secretKeys.databaseUrl }}
{{- end }}
{{- end -}}
