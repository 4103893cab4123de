{{- define "floe.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "floe.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "floe.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{ include "floe.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: floe
{{- end }}

{{- define "floe.selectorLabels" -}}
app.kubernetes.io/name: {{ include "floe.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "floe.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "floe.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "floe.image" -}}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}
{{- end }}

{{/* whether the embedded PostgreSQL runs (no external database configured) */}}
{{- define "floe.embeddedDatabase" -}}
{{- if not .Values.database.jdbcUrl }}true{{ end }}
{{- end }}

{{/* the dev-mode Secret's name */}}
{{- define "floe.devSecretName" -}}
{{- printf "%s-dev" (include "floe.fullname" .) }}
{{- end }}

{{/* a dotted Floe/Quarkus key as its environment variable (upper case, . and - as _) */}}
{{- define "floe.envName" -}}
{{- . | replace "." "_" | replace "-" "_" | replace "\"" "_" | upper }}
{{- end }}

{{/* Refuses values the chart cannot render safely; included by every template that depends on them. */}}
{{- define "floe.validate" -}}
{{- $embedded := include "floe.embeddedDatabase" . }}
{{- if and $embedded (or (gt (int .Values.replicaCount) 1) .Values.autoscaling.enabled) }}
{{- fail "the embedded PostgreSQL is for one dev replica only: set database.jdbcUrl (an external PostgreSQL) to run more than one replica or to autoscale" }}
{{- end }}
{{- if lt (int .Values.replicaCount) 1 }}
{{- fail "replicaCount must be at least 1" }}
{{- end }}
{{- if and (not .Values.devMode.enabled) (or .Values.devMode.bootstrapCredentials .Values.devMode.databasePassword .Values.devMode.s3Credentials) }}
{{- fail "devMode.* secret values are only rendered with devMode.enabled=true; reference Secrets instead (bootstrap.existingSecret, database.existingSecret, s3Credentials[].existingSecret)" }}
{{- end }}
{{- if and .Values.devMode.bootstrapCredentials .Values.bootstrap.existingSecret }}
{{- fail "set either devMode.bootstrapCredentials or bootstrap.existingSecret, not both" }}
{{- end }}
{{- if not $embedded }}
{{- if and (not .Values.database.existingSecret) (not .Values.devMode.databasePassword) }}
{{- fail "database.jdbcUrl needs database.existingSecret (the password's Secret) or, in dev mode, devMode.databasePassword" }}
{{- end }}
{{- if and (not .Values.devMode.enabled) (not .Values.audit.signingKey.existingSecret) }}
{{- fail "with an external database every node must sign audit checkpoints with the same key kept outside the database: set audit.signingKey.existingSecret" }}
{{- end }}
{{- end }}
{{- if and .Values.floe.oidc.issuer (not .Values.floe.oidc.jwksUri) }}
{{- fail "floe.oidc.issuer needs floe.oidc.jwksUri (Floe pins where the provider's keys come from)" }}
{{- end }}
{{- if and (eq .Values.floe.authorization.type "opa") (not .Values.floe.authorization.opaUrl) }}
{{- fail "floe.authorization.type=opa needs floe.authorization.opaUrl" }}
{{- end }}
{{- if not (has .Values.floe.authorization.type (list "rbac" "opa")) }}
{{- fail "floe.authorization.type is rbac or opa" }}
{{- end }}
{{- range .Values.s3Credentials }}
{{- if not (regexMatch "^[A-Z][A-Z0-9_]*$" .name) }}
{{- fail (printf "s3Credentials[].name %q must be an environment variable prefix (A-Z, 0-9, _), as named by s3.credentials=env:NAME" .name) }}
{{- end }}
{{- if not .existingSecret }}
{{- fail (printf "s3Credentials %s needs existingSecret" .name) }}
{{- end }}
{{- end }}
{{- range $key, $value := .Values.floe.extraConfig }}
{{- if regexMatch "(?i)(password|secret|credential|signing-key$|private|api-key)" $key }}
{{- fail (printf "floe.extraConfig.%s looks secret: it would land in a ConfigMap; reference a Secret instead" $key) }}
{{- end }}
{{- end }}
{{- end }}

{{/* the container's environment: secrets only by reference (secretKeyRef) */}}
{{- define "floe.env" -}}
{{- $embedded := include "floe.embeddedDatabase" . }}
{{- with .Values.jvmOptions }}
- name: JDK_JAVA_OPTIONS
  value: {{ . | quote }}
{{- end }}
{{- if not $embedded }}
{{- if and .Values.database.existingSecret .Values.database.usernameKey }}
- name: QUARKUS_DATASOURCE_USERNAME
  valueFrom:
    secretKeyRef:
      name: {{ .Values.database.existingSecret }}
      key: {{ .Values.database.usernameKey }}
{{- else }}
- name: QUARKUS_DATASOURCE_USERNAME
  value: {{ .Values.database.username | quote }}
{{- end }}
- name: QUARKUS_DATASOURCE_PASSWORD
  valueFrom:
    secretKeyRef:
      {{- if .Values.database.existingSecret }}
      name: {{ .Values.database.existingSecret }}
      key: {{ .Values.database.passwordKey }}
      {{- else }}
      name: {{ include "floe.devSecretName" . }}
      key: database-password
      {{- end }}
{{- end }}
{{- if .Values.bootstrap.existingSecret }}
- name: FLOE_BOOTSTRAP_CREDENTIALS
  valueFrom:
    secretKeyRef:
      name: {{ .Values.bootstrap.existingSecret }}
      key: {{ .Values.bootstrap.key }}
{{- else if .Values.devMode.bootstrapCredentials }}
- name: FLOE_BOOTSTRAP_CREDENTIALS
  valueFrom:
    secretKeyRef:
      name: {{ include "floe.devSecretName" . }}
      key: bootstrap-credentials
{{- end }}
{{- range $credential := .Values.s3Credentials }}
- name: {{ $credential.name }}_ACCESS_KEY_ID
  valueFrom:
    secretKeyRef:
      name: {{ $credential.existingSecret }}
      key: {{ $credential.accessKeyIdKey | default "access-key-id" }}
- name: {{ $credential.name }}_SECRET_ACCESS_KEY
  valueFrom:
    secretKeyRef:
      name: {{ $credential.existingSecret }}
      key: {{ $credential.secretAccessKeyKey | default "secret-access-key" }}
{{- if $credential.sessionTokenKey }}
- name: {{ $credential.name }}_SESSION_TOKEN
  valueFrom:
    secretKeyRef:
      name: {{ $credential.existingSecret }}
      key: {{ $credential.sessionTokenKey }}
{{- end }}
{{- end }}
{{- if .Values.devMode.enabled }}
{{- range $name, $keys := .Values.devMode.s3Credentials }}
- name: {{ $name }}_ACCESS_KEY_ID
  valueFrom:
    secretKeyRef:
      name: {{ include "floe.devSecretName" $ }}
      key: {{ $name }}-access-key-id
- name: {{ $name }}_SECRET_ACCESS_KEY
  valueFrom:
    secretKeyRef:
      name: {{ include "floe.devSecretName" $ }}
      key: {{ $name }}-secret-access-key
{{- end }}
{{- end }}
{{- with .Values.extraEnv }}
{{- toYaml . | nindent 0 }}
{{- end }}
{{- end }}
