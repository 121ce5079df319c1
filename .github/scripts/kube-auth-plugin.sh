#!/usr/bin/env bash
# Makes sure the Kubernetes credential plugin of a stack's cloud is on PATH before Pulumi talks to
# the cluster: the kubeconfig the program builds holds no credential, it runs
#   aws:   `aws eks get-token`            (the AWS CLI)
#   azure: `kubelogin get-token`          (installed by the Azure/use-kubelogin step; needs the Azure CLI)
#   gcp:   `gke-gcloud-auth-plugin`       (installed by the setup-gcloud step)
# GitHub-hosted runners have the AWS and Azure CLIs; a self-hosted runner may not. The AWS CLI is
# installed from PyPI when missing (AWS CLI v1 has `eks get-token`); the others are checked, and a
# missing one fails the job naming what to install on the runner.
#   usage: kube-auth-plugin.sh <aws|azure|gcp>
set -euo pipefail
cloud="${1:?usage: kube-auth-plugin.sh <aws|azure|gcp>}"
have() { command -v "$1" >/dev/null 2>&1; }
case "$cloud" in
    aws)
        if ! have aws; then
            echo "aws CLI not found on this runner: installing it from PyPI (awscli) into a virtual environment"
            venv="${RUNNER_TEMP:-/tmp}/awscli"
            python3 -m venv "$venv"
            "$venv/bin/pip" install --quiet awscli
            echo "$venv/bin" >>"${GITHUB_PATH:-/dev/null}"
            export PATH="$venv/bin:$PATH"
        fi
        aws --version
        ;;
    azure)
        have az || { echo "::error::the Azure CLI (az) is not on this runner: Azure login and kubelogin's azurecli mode need it; install it in the runner image"; exit 1; }
        have kubelogin || { echo "::error::kubelogin is not on PATH: the Azure/use-kubelogin step should have installed it"; exit 1; }
        kubelogin --version
        ;;
    gcp)
        have gke-gcloud-auth-plugin || { echo "::error::gke-gcloud-auth-plugin is not on PATH: the setup-gcloud step (install_components: gke-gcloud-auth-plugin) should have installed it"; exit 1; }
        gke-gcloud-auth-plugin --version
        ;;
    *)
        echo "::error::kube-auth-plugin.sh: unknown cloud '$cloud' (expected aws, azure or gcp)"
        exit 2
        ;;
esac
