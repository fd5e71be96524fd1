#!/usr/bin/env bash
# 部署流程和表单：把 processes/*.bpmn 和 forms/*.form 作为一次部署（一套版本）发到运行中的系统。
# Deploys processes/ and forms/ together to a running Notice Cascade, as Camunda Modeler's Deploy button does, under
# the application's own deployment name. An unchanged set makes no new version (duplicate filtering); when any file
# changed, the whole set becomes the next version (not only the changed files: processes bind their called processes
# and forms to their own deployment). docs/designers.md explains it.
#
#   NC_USER=designer NC_PASSWORD=… scripts/deploy.sh [http://host:8080]
#
# NC_URL may stand for the argument; without NC_PASSWORD the password is asked for. The user must be in the group
# designers (or an administrator). Exit 0: deployed, or nothing changed; otherwise the server's answer is printed,
# e.g. 400 with each reason a deployment is refused.
set -euo pipefail
cd "$(dirname "$0")/.."

url="${1:-${NC_URL:-http://localhost:8080}}"
url="${url%/}"
user="${NC_USER:?请设置 NC_USER（设计人员或管理员的用户名）}"
if [ -z "${NC_PASSWORD:-}" ]; then
  read -r -s -p "${user} 的密码: " NC_PASSWORD
  echo
fi

form=(-F "deployment-name=notice-cascade" -F "deployment-source=scripts/deploy.sh" -F "enable-duplicate-filtering=true")
for file in processes/*.bpmn forms/*.form; do
  # the part's file name is the resource's name in the deployment, as Modeler sends it
  form+=(-F "$(basename "$file")=@${file};filename=$(basename "$file")")
done

answer="$(mktemp)"
trap 'rm -f "$answer"' EXIT
# the credentials go through standard input, not the command line that ps shows
status="$(printf 'user = "%s:%s"\n' "$user" "$NC_PASSWORD" | curl -sS -K - -o "$answer" -w '%{http_code}' \
  "${form[@]}" "${url}/engine-rest/deployment/create")"

if [ "$status" != "200" ]; then
  echo "部署失败（HTTP ${status}）：" >&2
  cat "$answer" >&2
  echo >&2
  exit 1
fi
id="$(grep -o '"id":"[^"]*"' "$answer" | head -1 | cut -d'"' -f4)"
if grep -q '"deployedProcessDefinitions":{"' "$answer"; then
  echo "已部署：部署 ${id}。新发起的通知使用此版本；进行中的通知仍按原版本办理（迁移见 docs/designers.md）。"
else
  echo "没有变化：与上次部署的文件相同，未生成新版本（现行部署 ${id}）。"
fi
