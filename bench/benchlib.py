"""What bench/year/run and bench/drain/run share: the packaged service on a database of the
machine's PostgreSQL server, its API, wrk with a Lua script, the machine's description."""
import json
import os
import pathlib
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from base64 import b64encode
from datetime import datetime, timezone

ROOT = pathlib.Path(__file__).resolve().parent.parent
ADMIN_PASSWORD = "bench-admin-password"
# the repository's own corpus: these dumps are full 4 KiB config spaces and redistributable
CORPUS = ROOT / "corpus" / "pci"


class Database:
    """One database of the server named by CFGSPACE_BENCH_DATABASE_URL, made fresh."""

    def __init__(self, default_name):
        url = os.environ.get("CFGSPACE_BENCH_DATABASE_URL", "jdbc:postgresql://127.0.0.1:5432/" + default_name)
        self.host, port, self.name = re.match(r"jdbc:postgresql://([^:/]+):?(\d*)/([A-Za-z0-9_]+)$", url).groups()
        self.port = port or "5432"
        self.user = os.environ.get("CFGSPACE_BENCH_DATABASE_USER", "postgres")
        self.url = "jdbc:postgresql://%s:%s/%s" % (self.host, self.port, self.name)

    def recreate(self):
        self.psql("drop database if exists %s" % self.name, database="postgres")
        self.psql("create database %s" % self.name, database="postgres")

    def drop(self):
        self.psql("drop database if exists %s" % self.name, database="postgres")

    def psql(self, sql, database=None):
        """Runs SQL (stops at the first error); returns its unaligned output."""
        return subprocess.run(["psql", "-X", "-q", "-t", "-A", "-v", "ON_ERROR_STOP=1", "-h", self.host,
                               "-p", self.port, "-U", self.user, "-d", database or self.name],
                              input=sql, check=True, capture_output=True, text=True).stdout.strip()

    def psql_async(self, sql, work):
        """Starts psql on a script; each statement runs in a transaction of its own."""
        script = pathlib.Path(tempfile.mkstemp(suffix=".sql", dir=work)[1])
        script.write_text(sql)
        return subprocess.Popen(["psql", "-X", "-q", "-t", "-A", "-v", "ON_ERROR_STOP=1", "-h", self.host,
                                 "-p", self.port, "-U", self.user, "-d", self.name, "-f", str(script)],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    def version(self):
        return self.psql("show server_version")


class Service:
    """The packaged service (target/cfgspace.jar) on the given database, on a free port."""

    def __init__(self, database, work):
        jar = pathlib.Path(os.environ.get("CFGSPACE_JAR", ROOT / "target" / "cfgspace.jar"))
        if not jar.exists():
            subprocess.run([str(ROOT / "mvnw"), "-B", "-q", "-o", "package", "-DskipTests"], cwd=ROOT, check=True)
        port = free_port()
        self.base = "http://127.0.0.1:%d" % port
        self.log = work / "service.log"
        env = dict(os.environ, CFGSPACE_ADMIN_PASSWORD=ADMIN_PASSWORD)
        self.process = subprocess.Popen(
            ["java", "-Xms1g", "-Xmx1g", "-jar", str(jar), "--server.port=%d" % port,
             "--spring.datasource.url=" + database.url, "--spring.datasource.username=" + database.user],
            cwd=work, env=env, stdout=open(self.log, "w"), stderr=subprocess.STDOUT)
        deadline = time.time() + 300
        while time.time() < deadline:
            if self.process.poll() is not None:
                sys.exit("the service exited; see %s" % self.log)
            try:
                with urllib.request.urlopen(self.base + "/actuator/health/readiness", timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError:
                pass
            time.sleep(0.5)
        sys.exit("the service did not become ready within 300 s; see %s" % self.log)

    def token(self, name, role, may_report=False):
        body = {"name": name, "role": role}
        if may_report:
            body["mayReport"] = True  # reports of every host, as one fleet-wide loader sends them
        return self.call("POST", "/api/v1/tokens", body, basic=("admin", ADMIN_PASSWORD))

    def call(self, method, path, body=None, token=None, basic=None, headers=None):
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(self.base + path, method=method, data=data,
                                         headers={"Content-Type": "application/json", **(headers or {})})
        if token:
            request.add_header("Authorization", "Bearer " + token)
        if basic:
            request.add_header("Authorization", "Basic " + b64encode(("%s:%s" % basic).encode()).decode())
        with urllib.request.urlopen(request, timeout=120) as response:
            return json.load(response)

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(30)
        except subprocess.TimeoutExpired:
            self.process.kill()


def corpus_dump(name):
    path = CORPUS / (name + ".lspci")
    if not path.exists():
        sys.exit("%s is missing" % path)
    return path.read_text()


def hex_dump(lspci):
    """The config space of an `lspci -xxxx` dump as one hex string, as hosts send it."""
    data = bytearray()
    for line in lspci.splitlines():
        match = re.match(r"^([0-9a-f]{2,3}): ((?:[0-9a-f]{2} ?){16})$", line.strip())
        if match:
            assert int(match.group(1), 16) == len(data), "dump lines out of order"
            data += bytes.fromhex(match.group(2))
    return data.hex()


def wrk(script, url, connections, seconds, env=None):
    """Runs wrk with a Lua script of bench/ that prints one RESULT line; returns it."""
    threads = min(2, connections)
    out = subprocess.run(["wrk", "-t%d" % threads, "-c%d" % connections, "-d%ds" % seconds, "--timeout", "10s",
                          "-s", str(script), url], env=dict(os.environ, **(env or {})),
                         capture_output=True, text=True, check=True).stdout
    result = json.loads(re.search(r"^RESULT (.*)$", out, re.M).group(1))
    result["rps"] = result["requests"] / result["seconds"]
    return result


def machine(database):
    """Date, cores, memory, CPU, Java and PostgreSQL, and how busy the machine was."""
    now = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
    memory = round(int(open("/proc/meminfo").readline().split()[1]) / 1048576)
    java = re.search(r'"([^"]+)"', subprocess.run(["java", "-version"], capture_output=True, text=True).stderr)
    load = open("/proc/loadavg").read().split()[:3]
    return ("%s: %d cores (%s), %d GiB, Java %s, PostgreSQL %s on 127.0.0.1; service, wrk and PostgreSQL on "
            "the same machine; load average %s when the table was printed" %
            (now, os.cpu_count(), cpu, memory, java.group(1) if java else "?", database.version(), " / ".join(load)))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
