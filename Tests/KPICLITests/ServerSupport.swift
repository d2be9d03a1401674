import Foundation
import XCTest

/// Real servers on 127.0.0.1 for the sync tests, started by the tests themselves on free ports
/// and stopped when the value goes away: git daemon, nginx + fcgiwrap + git http-backend,
/// sshd, and small Python servers that misbehave on purpose.
final class TestServer: @unchecked Sendable {
    private var processes: [Process] = []
    let port: Int

    init(port: Int) { self.port = port }

    deinit { stop() }

    /// Daemons started by the test, stopped by the pid they wrote.
    var pidFiles: [String] = []

    func stop() {
        for file in pidFiles {
            if let text = try? String(contentsOfFile: file, encoding: .utf8), let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)) {
                kill(pid, SIGTERM)
            }
        }
        pidFiles.removeAll()
        for p in processes where p.isRunning {
            p.terminate()
            p.waitUntilExit()
        }
        processes.removeAll()
    }

    /// Starts a background process (its output goes to `log`).
    func start(_ exe: String, _ args: [String], env: [String: String]? = nil, log: String) throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: exe)
        p.arguments = args
        if let env { p.environment = env }
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        p.standardOutput = handle
        p.standardError = handle
        p.standardInput = FileHandle.nullDevice
        try p.run()
        processes.append(p)
    }

    /// Waits until something accepts connections on the port.
    func waitUntilListening(log: String, file: StaticString = #filePath, line: UInt = #line) throws {
        for _ in 0..<200 {
            if TestServer.canConnect(port) { return }
            usleep(50_000)
        }
        let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        XCTFail("server on port \(port) did not start: \(text)", file: file, line: line)
        throw XCTSkip("server did not start")
    }

    static func canConnect(_ port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = in_port_t(UInt16(port).bigEndian)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        return withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        } == 0
    }

    /// A port nobody listens on right now (the kernel's choice).
    static func freePort() -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = 0
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        _ = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) }
        }
        return Int(UInt16(bigEndian: addr.sin_port))
    }

    /// Skips the test (with the reason) when a server program is not installed here.
    static func require(_ paths: String...) throws {
        for p in paths where !FileManager.default.isExecutableFile(atPath: p) {
            throw XCTSkip("\(p) is not installed (CI installs it: .ci/run)")
        }
    }

    static var python: String {
        for p in ["/usr/bin/python3", "/usr/local/bin/python3"] where FileManager.default.isExecutableFile(atPath: p) { return p }
        return "/usr/bin/env"
    }

    /// Runs one of the Python servers below (`script`), with arguments.
    static func python(_ s: Sandbox, script: String, _ args: [String], port: Int) throws -> TestServer {
        let server = TestServer(port: port)
        let file = s.dir.appendingPathComponent("server-\(port).py").path
        try script.write(toFile: file, atomically: true, encoding: .utf8)
        let log = s.dir.appendingPathComponent("server-\(port).log").path
        let exe = python
        try server.start(exe, (exe == "/usr/bin/env" ? ["python3"] : []) + [file, String(port)] + args, log: log)
        try server.waitUntilListening(log: log)
        return server
    }

    /// `git daemon` serving `base` (read and write) on a free port.
    static func gitDaemon(_ s: Sandbox, base: String) throws -> TestServer {
        let port = freePort()
        let server = TestServer(port: port)
        let log = s.dir.appendingPathComponent("daemon.log").path
        try server.start("/usr/bin/git", ["daemon", "--reuseaddr", "--listen=127.0.0.1", "--port=\(port)", "--base-path=\(base)",
                                         "--export-all", "--enable=receive-pack", base], env: s.env, log: log)
        try server.waitUntilListening(log: log)
        return server
    }

    /// nginx + fcgiwrap + git http-backend serving the bare repositories in `base` at
    /// `/git/NAME.git`, with basic auth (user `alice`, password `s3cret`). With `tls`, a CA
    /// and a certificate for `localhost` are made with openssl; `ca` is the CA's file.
    static func smartHTTP(_ s: Sandbox, base: String, tls: Bool = false) throws -> (server: TestServer, ca: String?) {
        try require("/usr/sbin/nginx", "/usr/sbin/fcgiwrap", "/usr/bin/htpasswd", "/usr/lib/git-core/git-http-backend")
        let port = freePort()
        let server = TestServer(port: port)
        let root = s.dir.appendingPathComponent("nginx-\(port)").path
        try FileManager.default.createDirectory(atPath: root + "/logs", withIntermediateDirectories: true)
        let sock = root + "/fcgiwrap.sock"
        try server.start("/usr/sbin/fcgiwrap", ["-s", "unix:" + sock], log: root + "/fcgiwrap.log")
        for _ in 0..<100 where !FileManager.default.fileExists(atPath: sock) { usleep(20_000) }
        let htpasswd = try s.run("/usr/bin/htpasswd", ["-bc", root + "/htpasswd", "alice", "s3cret"])
        XCTAssertEqual(htpasswd.status, 0, htpasswd.stderr)
        var ca: String? = nil
        var listen = "listen 127.0.0.1:\(port);"
        if tls {
            let made = try certificates(s, in: root)
            ca = made.ca
            listen = "listen 127.0.0.1:\(port) ssl; ssl_certificate \(made.cert); ssl_certificate_key \(made.key);"
        }
        let conf = """
        user root;
        worker_processes 1;
        error_log \(root)/logs/error.log;
        pid \(root)/nginx.pid;
        events { worker_connections 64; }
        http {
          access_log \(root)/logs/access.log;
          client_body_temp_path \(root)/body; proxy_temp_path \(root)/proxy; fastcgi_temp_path \(root)/fastcgi;
          uwsgi_temp_path \(root)/uwsgi; scgi_temp_path \(root)/scgi;
          client_max_body_size 100m;
          server {
            \(listen)
            server_name localhost;
            location ~ ^/git(/.*)$ {
              auth_basic "kpi test";
              auth_basic_user_file \(root)/htpasswd;
              fastcgi_pass unix:\(sock);
              include /etc/nginx/fastcgi_params;
              fastcgi_param SCRIPT_FILENAME /usr/lib/git-core/git-http-backend;
              fastcgi_param GIT_PROJECT_ROOT \(base);
              fastcgi_param GIT_HTTP_EXPORT_ALL "";
              fastcgi_param PATH_INFO $1;
              fastcgi_param REMOTE_USER $remote_user;
            }
          }
        }
        """
        try conf.write(toFile: root + "/nginx.conf", atomically: true, encoding: .utf8)
        try server.start("/usr/sbin/nginx", ["-p", root, "-c", root + "/nginx.conf", "-g", "daemon off;"], log: root + "/nginx.log")
        try server.waitUntilListening(log: root + "/logs/error.log")
        return (server, ca)
    }

    /// A ledger with a commit not yet on `<base>/ledger.git`, which has the ledger's first commit.
    static func ledgerAhead(_ s: Sandbox) throws -> (base: String, bare: String) {
        try s.makeLedger()
        let base = s.dir.appendingPathComponent("srv").path
        let bare = base + "/ledger.git"
        _ = try s.git("init", "-q", "--bare", "-b", "main", bare, in: s.dir.path)
        _ = try s.git("push", "-q", bare, "main")
        try s.kpi("goal", "set", "alice", "nps", "--quarter", "2026-Q3", "--target", "30")
        return (base, bare)
    }

    /// A ledger one commit ahead of the served bare repository `ledger.git`.
    static func servedLedger(_ s: Sandbox, tls: Bool = false) throws -> (server: TestServer, bare: String, ca: String?) {
        let (base, bare) = try ledgerAhead(s)
        let (server, ca) = try TestServer.smartHTTP(s, base: base, tls: tls)
        return (server, bare, ca)
    }

    /// sshd as root on a free port with its own configuration and host key (`hostKey`.pub is
    /// the public half), accepting the public keys in `authorizedKeys` (a file path).
    static func sshd(_ s: Sandbox, authorizedKeys: String) throws -> (server: TestServer, hostKey: String) {
        try require("/usr/sbin/sshd", "/usr/bin/ssh-keygen")
        let port = freePort()
        let server = TestServer(port: port)
        let root = s.dir.appendingPathComponent("sshd-\(port)").path
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: "/run/sshd", withIntermediateDirectories: true)
        let hostKey = root + "/host_ed25519"
        let keygen = try s.run("/usr/bin/ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", hostKey])
        XCTAssertEqual(keygen.status, 0, keygen.stderr)
        try """
        Port \(port)
        ListenAddress 127.0.0.1
        HostKey \(hostKey)
        PidFile \(root)/sshd.pid
        AuthorizedKeysFile \(authorizedKeys)
        StrictModes no
        PermitRootLogin prohibit-password
        PasswordAuthentication no
        KbdInteractiveAuthentication no
        PubkeyAuthentication yes
        UsePAM no

        """.write(toFile: root + "/sshd_config", atomically: true, encoding: .utf8)
        // As a daemon (it detaches from every descriptor of the test process); stopped through its pid file.
        let started = try s.run("/usr/sbin/sshd", ["-f", root + "/sshd_config", "-E", root + "/sshd.log"])
        XCTAssertEqual(started.status, 0, started.stderr)
        server.pidFiles.append(root + "/sshd.pid")
        try server.waitUntilListening(log: root + "/sshd.log")
        return (server, hostKey)
    }

    /// A certificate authority and a certificate it signed for `localhost` (and 127.0.0.1), made with openssl.
    static func certificates(_ s: Sandbox, in root: String) throws -> (ca: String, cert: String, key: String) {
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        try "subjectAltName=DNS:localhost,IP:127.0.0.1\n".write(toFile: root + "/san.cnf", atomically: true, encoding: .utf8)
        let steps: [[String]] = [
            ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", root + "/ca.key", "-out", root + "/ca.pem",
             "-days", "2", "-subj", "/CN=KPI Test CA"],
            ["req", "-newkey", "rsa:2048", "-nodes", "-keyout", root + "/server.key", "-out", root + "/server.csr",
             "-subj", "/CN=localhost"],
            ["x509", "-req", "-in", root + "/server.csr", "-CA", root + "/ca.pem", "-CAkey", root + "/ca.key",
             "-CAcreateserial", "-out", root + "/server.pem", "-days", "2", "-extfile", root + "/san.cnf"],
        ]
        for step in steps {
            let r = try s.run("/usr/bin/openssl", step)
            XCTAssertEqual(r.status, 0, r.stderr)
        }
        return (root + "/ca.pem", root + "/server.pem", root + "/server.key")
    }

    /// An HTTP proxy (CONNECT tunnels and absolute-URI requests) that logs each first request
    /// line of a connection to the file given as its second argument.
    static let proxyScript = """
    import socket, socketserver, sys, threading
    log = sys.argv[2]
    def pipe(a, b):
        try:
            while True:
                data = a.recv(65536)
                if not data: break
                b.sendall(data)
        except OSError: pass
        for s in (a, b):
            try: s.shutdown(socket.SHUT_RDWR)
            except OSError: pass
    class H(socketserver.BaseRequestHandler):
        def handle(self):
            c = self.request; buf = b""
            while b"\\r\\n\\r\\n" not in buf:
                d = c.recv(65536)
                if not d: return
                buf += d
            head, _, rest = buf.partition(b"\\r\\n\\r\\n")
            first, _, headers = head.partition(b"\\r\\n")
            with open(log, "a") as f: f.write(first.decode() + "\\n")
            method, target, version = first.decode().split(" ")
            if method == "CONNECT":
                host, port = target.rsplit(":", 1)
                up = socket.create_connection((host, int(port)))
                c.sendall(b"HTTP/1.1 200 Connection established\\r\\n\\r\\n")
                if rest: up.sendall(rest)
            else:
                hostport = target.split("://", 1)[1].split("/", 1)[0]
                host, port = hostport.rsplit(":", 1)
                up = socket.create_connection((host, int(port)))
                up.sendall(head + b"\\r\\n\\r\\n" + rest)
            t = threading.Thread(target=pipe, args=(up, c)); t.start()
            pipe(c, up); t.join()
    class S(socketserver.ThreadingTCPServer):
        allow_reuse_address = True
        daemon_threads = True
    S(("127.0.0.1", int(sys.argv[1])), H).serve_forever()
    """

    /// A server that accepts connections and never says a word.
    static let stallScript = """
    import socket, sys, time
    s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("127.0.0.1", int(sys.argv[1]))); s.listen(16)
    held = []
    while True:
        c, _ = s.accept(); held.append(c)
    """

    /// Smart HTTP through `git http-backend` (no auth; HTTPS when given a certificate and key)
    /// that drops the connection as soon as a push sends its data: fetches work, pushes die
    /// mid-transfer (over TLS, kpi's next write then meets EPIPE: SIGPIPE unless ignored).
    static let dropOnPushScript = """
    import http.server, socket, struct, subprocess, sys, os
    root = sys.argv[2]
    class H(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.0"
        def log_message(self, *a): pass
        def run(self, body):
            path, _, query = self.path.partition("?")
            env = dict(os.environ, GIT_PROJECT_ROOT=root, GIT_HTTP_EXPORT_ALL="1", PATH_INFO=path, QUERY_STRING=query,
                       GIT_CONFIG_COUNT="1", GIT_CONFIG_KEY_0="http.receivepack", GIT_CONFIG_VALUE_0="true",
                       REQUEST_METHOD=self.command, CONTENT_TYPE=self.headers.get("Content-Type", ""),
                       CONTENT_LENGTH=str(len(body)), HTTP_CONTENT_ENCODING=self.headers.get("Content-Encoding", ""))
            out = subprocess.run(["git", "http-backend"], input=body, env=env, capture_output=True).stdout
            head, _, rest = out.partition(b"\\r\\n\\r\\n")
            headers = [line.decode().partition(": ") for line in head.split(b"\\r\\n")]
            status = [v for k, _, v in headers if k.lower() == "status"]
            self.send_response_only(int(status[0].split()[0]) if status else 200)
            for k, _, v in headers:
                if k.lower() != "status": self.send_header(k, v)
            self.send_header("Content-Length", str(len(rest)))
            self.end_headers(); self.wfile.write(rest)
        def do_GET(self): self.run(b"")
        def do_POST(self):
            if self.path.endswith("git-receive-pack"):
                self.connection.close(); return
            n = int(self.headers.get("Content-Length", "0"))
            if n: body = self.rfile.read(n)
            else:
                body = b""
                while True:
                    size = int(self.rfile.readline().strip(), 16)
                    if size == 0: self.rfile.readline(); break
                    body += self.rfile.read(size); self.rfile.readline()
            self.run(body)
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), H)
    if len(sys.argv) > 3:
        import ssl
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER); ctx.load_cert_chain(sys.argv[3], sys.argv[4])
        srv.socket = ctx.wrap_socket(srv.socket, server_side=True)
    srv.serve_forever()
    """
}
