#!/usr/bin/env bash
# Gradescope runs this once, when it builds the autograder's image (Ubuntu): install a JDK 17 and
# redis-tools (chapter 3's tests drive redis-cli; without it those tests are skipped, and a
# skipped test scores nothing), and build the fromzero course tool. The build fetches Maven and
# every dependency into ~/.m2, so that grading a submission needs no network.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
apt-get update
apt-get install -y --no-install-recommends openjdk-17-jdk-headless redis-tools
chmod +x /autograder/source/run_autograder /autograder/source/course/course /autograder/source/course/mvnw
if [ -f /autograder/run_autograder ]; then chmod +x /autograder/run_autograder; fi
cd /autograder/source/course
# The launcher builds the tool on its first run (the Maven wrapper downloads Maven first).
bash ./course --help > /dev/null
echo "setup done: $(java -version 2>&1 | head -1); the course tool is built"
