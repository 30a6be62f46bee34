{{/*
The bundled NATS server's configuration. Subjects: zapsweep.<sweepId>.<trialId>.<type> (DESIGN.md).
The users and rules of deploy/nats-permissions.yaml (issue #10), tested by test/charts/nats-auth.test.ts:
"zapsweep-controller" (password from the Secret) may do anything. "zapsweep-worker" (the shared
worker user) may publish events and look the event stream up (what a worker does before its first
publish), and subscribe only to inboxes for its publish acknowledgements; it can neither create
consumers nor read the stream, the KV buckets or the object store. It is the no_auth_user: zapsweep-worker
pods connect without credentials, because the Jobs zapsweep renders pass the pods NATS_URL only.
*/}}
{{- define "zapsweep.natsConfig" -}}
port: 4222
http_port: 8222
jetstream {
  store_dir: /data
}
authorization {
  users: [
    { user: "zapsweep-controller", password: $ZAPSWEEP_CONTROLLER_PASSWORD,
      permissions: { publish: ">", subscribe: ">" } }
    { user: "zapsweep-worker",
      permissions: {
        publish: { allow: ["zapsweep.*.>", "$JS.API.INFO", "$JS.API.STREAM.INFO.ZAPSWEEP"] }
        subscribe: { allow: ["_INBOX.>"] }
      } }
  ]
}
no_auth_user: zapsweep-worker
{{- end }}
