{{/*
The bundled NATS server's configuration. Subjects: zapsweep.<sweepId>.<trialId>.<type> (DESIGN.md).
The users and rules of deploy/nats-permissions.yaml (issue #10), tested by test/charts/nats-auth.test.ts:
"zapsweep-controller" (password from the Secret) may do anything. "zapsweep-worker" (the shared
worker user) may publish events and look the event stream up (what a worker does before its first
publish), and subscribe only to inboxes for its publish acknowledgements and to the controller's
stop messages (zapsweep-control.*.>, search.stopping); it can neither create
consumers on nor read the event stream, the results or their KV buckets. It may use the checkpoint
object store (zapsweep-checkpoints) and the stage claims KV bucket (zapsweep-stage-claims) that
pods sharing a pre-training need (README "Checkpoints"). It is the no_auth_user: zapsweep-worker
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
        publish: { allow: ["zapsweep.*.>", "$JS.API.INFO", "$JS.API.STREAM.INFO.ZAPSWEEP",
                   "$O.zapsweep-checkpoints.>", "$JS.FC.OBJ_zapsweep-checkpoints.>",
                   "$JS.API.STREAM.INFO.OBJ_zapsweep-checkpoints", "$JS.API.STREAM.CREATE.OBJ_zapsweep-checkpoints",
                   "$JS.API.STREAM.MSG.GET.OBJ_zapsweep-checkpoints", "$JS.API.STREAM.PURGE.OBJ_zapsweep-checkpoints",
                   "$JS.API.CONSUMER.CREATE.OBJ_zapsweep-checkpoints.>",
                   "$KV.zapsweep-stage-claims.>", "$JS.API.DIRECT.GET.KV_zapsweep-stage-claims.>",
                   "$JS.API.STREAM.INFO.KV_zapsweep-stage-claims", "$JS.API.STREAM.CREATE.KV_zapsweep-stage-claims"] }
        subscribe: { allow: ["_INBOX.>", "zapsweep-control.*.>"] }
      } }
  ]
}
no_auth_user: zapsweep-worker
{{- end }}
