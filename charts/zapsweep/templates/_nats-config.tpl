{{/*
The bundled NATS server's configuration. Subjects: zapsweep.<sweepId>.<trialId>.<type> (DESIGN.md).
"controller" (password from the Secret) may do anything. A connection without credentials is
"worker" (no_auth_user): it may publish events and look the event stream up (what a worker does
before its first publish), and subscribe only to inboxes for its publish acknowledgements; it can
neither create consumers nor read the stream, the KV buckets or the object store.
*/}}
{{- define "zapsweep.natsConfig" -}}
port: 4222
http_port: 8222
jetstream {
  store_dir: /data
}
authorization {
  users: [
    { user: controller, password: $ZAPSWEEP_NATS_CONTROLLER_PASSWORD }
    {
      user: worker
      permissions: {
        publish: { allow: ["zapsweep.*.*.*", "$JS.API.INFO", "$JS.API.STREAM.INFO.ZAPSWEEP"] }
        subscribe: { allow: ["_INBOX.>"] }
      }
    }
  ]
}
no_auth_user: worker
{{- end }}
