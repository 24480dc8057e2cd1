"""The attacks of issue 10 against a farm root, run with kazoo (a peer client, so the ACLs are
tested for what the server enforces, not for what our client sends).

usage: FarmAttacks.py HOSTS ROOT WORKER DONE_TASK QUEUED_TASK MARKER_FILE [user:password]
Prints one JSON object: attack name -> the server's answer ("NoAuthError", or "ACCEPTED").
Without a credential it attacks unauthenticated; with one, as that (submit-only) identity.
The injected command creates MARKER_FILE: the caller checks that no worker ever ran it.
"""
import json
import sys

from kazoo.client import KazooClient
from kazoo.exceptions import KazooException
from kazoo.security import OPEN_ACL_UNSAFE

hosts, root, worker, done, queued, marker = sys.argv[1:7]
credential = sys.argv[7] if len(sys.argv) > 7 else None

zk = KazooClient(hosts=hosts, auth_data=[("digest", credential)] if credential else None)
zk.start(timeout=30)
task = json.dumps({"command": "New-Item -ItemType File -Path '%s' -Force" % marker}).encode()
# A task id is task-<key>-<bucket>-<sequence>, and it waits in tasks/<bucket>/.
bucket = queued[queued.index("-", 5) + 1:queued.rindex("-")]
queued_path = "%s/tasks/%s/%s" % (root, bucket, queued)

attacks = [
    ("create a queue bucket under tasks/", lambda: zk.create(root + "/tasks/p0-1")),
    ("create a task in a queue bucket", lambda: zk.create("%s/tasks/%s/task-kazoo-%s-" % (root, bucket, bucket), task, sequence=True)),
    ("create a node under assign/%s/ holding a command" % worker,
     lambda: zk.create("%s/assign/%s/task-9999999999" % (root, worker), task)),
    ("create assign/<fake worker>", lambda: zk.create(root + "/assign/fake-worker")),
    ("overwrite a status node", lambda: zk.set("%s/status/%s" % (root, done), b'{"state":"Failed"}')),
    ("create a status node", lambda: zk.create(root + "/status/task-8888888888", b"{}")),
    ("create a finished mark under done/ (retention would remove the task)",
     lambda: zk.create("%s/done/%s-" % (root, queued), b"Succeeded", sequence=True)),
    ("delete the empty tasks folder", lambda: zk.delete(root + "/tasks")),
    ("register a fake worker", lambda: zk.create(root + "/workers/fake-worker", b"{}", ephemeral=True)),
    ("overwrite the master node", lambda: zk.set(root + "/master", b"evil")),
    ("set world:anyone:cdrwa on the farm root", lambda: zk.set_acls(root, OPEN_ACL_UNSAFE)),
    ("stand as a master candidate", lambda: zk.create(root + "/election/n_", ephemeral=True, sequence=True)),
    ("delete the master node", lambda: zk.delete(root + "/master")),
    ("rewrite a queued task", lambda: zk.set(queued_path, task)),
    ("set world:anyone:cdrwa on tasks/", lambda: zk.set_acls(root + "/tasks", OPEN_ACL_UNSAFE)),
]
results = {}
for name, attack in attacks:
    try:
        attack()
        results[name] = "ACCEPTED"
    except KazooException as error:
        results[name] = type(error).__name__
zk.stop()
zk.close()
print(json.dumps(results))
