#!/usr/bin/env bash
# Checks monitoring/: Prometheus config (and the rule files it names), the rules, their unit tests
# (promtool test rules) and the Alertmanager config. Installs Debian's prometheus and
# prometheus-alertmanager packages (promtool, amtool) when missing.
set -euo pipefail
cd "$(dirname "$0")/.."

pkgs=()
command -v promtool >/dev/null || pkgs+=(prometheus)
command -v amtool >/dev/null || pkgs+=(prometheus-alertmanager)
if ((${#pkgs[@]})); then
  echo "check-monitoring: installing ${pkgs[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${pkgs[@]}" >/dev/null
fi

# rule_files are relative to the config's directory: this also checks monitoring/rules/*.yml.
promtool check config monitoring/prometheus.yml
promtool check rules monitoring/rules/*.yml
promtool test rules monitoring/tests/*.yml
if command -v amtool >/dev/null; then
  amtool check-config monitoring/alertmanager/alertmanager.yml
else
  echo "check-monitoring: amtool not installed, Alertmanager config not checked"
fi
