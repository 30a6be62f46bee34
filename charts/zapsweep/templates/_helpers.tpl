{{/* Names and labels, as `helm create` has them. */}}
{{- define "zapsweep.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "zapsweep.fullname" -}}
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

{{- define "zapsweep.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* The release labels every object carries (deploy/ has the same minus these four). */}}
{{- define "zapsweep.releaseLabels" -}}
helm.sh/chart: {{ include "zapsweep.chart" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "zapsweep.labels" -}}
app.kubernetes.io/name: {{ include "zapsweep.name" . }}
{{ include "zapsweep.releaseLabels" . }}
{{- end }}

{{- define "zapsweep.controllerServiceAccount" -}}
{{- default (printf "%s-controller" (include "zapsweep.fullname" .)) .Values.serviceAccounts.controller.name }}
{{- end }}

{{- define "zapsweep.workerServiceAccount" -}}
{{- default (printf "%s-worker" (include "zapsweep.fullname" .)) .Values.serviceAccounts.worker.name }}
{{- end }}

{{- define "zapsweep.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}

{{/* NATS */}}
{{- define "zapsweep.natsFullname" -}}
{{- default (printf "%s-nats" (include "zapsweep.fullname" .)) .Values.nats.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "zapsweep.natsSelectorLabels" -}}
app.kubernetes.io/name: nats
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "zapsweep.natsLabels" -}}
app.kubernetes.io/name: nats
app.kubernetes.io/part-of: zapsweep
{{ include "zapsweep.releaseLabels" . }}
{{- end }}

{{- define "zapsweep.natsAuthSecret" -}}
{{- default (printf "%s-auth" (include "zapsweep.natsFullname" .)) .Values.nats.auth.existingSecret }}
{{- end }}

{{/* The URL the controller and the worker pods reach NATS at. */}}
{{- define "zapsweep.natsUrl" -}}
{{- if .Values.nats.bundled }}
{{- printf "nats://%s.%s.svc:4222" (include "zapsweep.natsFullname" .) .Release.Namespace }}
{{- else }}
{{- required "nats.external.url: an external NATS needs its URL (nats://HOST:4222) when nats.bundled is false" .Values.nats.external.url }}
{{- end }}
{{- end }}

{{/* The CronJob's name for one schedule: 52 characters at most (the Job adds 11). */}}
{{- define "zapsweep.scheduleName" -}}
{{- printf "%s-%s" (include "zapsweep.fullname" .root) .schedule.name | trunc 52 | trimSuffix "-" }}
{{- end }}

{{/* spec.executor defaults from values.workers (a key the sweep sets itself wins). */}}
{{- define "zapsweep.workerExecutor" -}}
{{- $w := .Values.workers -}}
kind: kubernetes
namespace: {{ .Release.Namespace }}
image: {{ default (include "zapsweep.image" .) $w.image }}
imagePullPolicy: {{ .Values.image.pullPolicy }}
serviceAccountName: {{ include "zapsweep.workerServiceAccount" . }}
natsUrl: {{ include "zapsweep.natsUrl" . }}
gpus: {{ $w.gpus }}
{{- with $w.resources }}
resources:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with $w.backend }}
backend: {{ . }}
{{- end }}
{{- with $w.nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with $w.tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with $w.queueName }}
queueName: {{ . }}
{{- end }}
{{- with $w.priorityClassName }}
priorityClassName: {{ . }}
{{- end }}
{{- with .Values.imagePullSecrets }}
imagePullSecrets:
  {{- range . }}
  - {{ .name }}
  {{- end }}
{{- end }}
{{- if ne $w.ttlSecondsAfterFinished nil }}
ttlSecondsAfterFinished: {{ $w.ttlSecondsAfterFinished }}
{{- end }}
{{- end }}

{{/* One schedule's sweep spec (inline or a chart file) with spec.executor completed. */}}
{{- define "zapsweep.scheduleSpec" -}}
{{- $root := .root }}
{{- $s := .schedule }}
{{- $doc := dict }}
{{- if $s.spec }}
{{- $doc = deepCopy $s.spec }}
{{- else }}
{{- $text := $root.Files.Get $s.specFile }}
{{- if not $text }}
{{- fail (printf "schedules[%s].specFile: %q is not a file in the chart (put the sweep under charts/zapsweep/, e.g. sweeps/nightly.yaml)" $s.name $s.specFile) }}
{{- end }}
{{- $doc = fromYaml $text }}
{{- if hasKey $doc "Error" }}
{{- fail (printf "schedules[%s].specFile: %s is not YAML: %s" $s.name $s.specFile $doc.Error) }}
{{- end }}
{{- end }}
{{- $body := default dict $doc.spec }}
{{- $defaults := include "zapsweep.workerExecutor" $root | fromYaml }}
{{- $own := default dict $body.executor }}
{{- $_ := set $body "executor" (mergeOverwrite $defaults $own) }}
{{- $_ := set $doc "spec" $body }}
{{- toYaml $doc }}
{{- end }}
