"""A DynamoDB endpoint on loopback that answers as each test needs: for
what a real server will not do on demand (wait for N requests at once,
never answer, throttle) and to see what a client sent."""
import http.server
import json
import socket
import threading


class FakeDynamo:
    """``with FakeDynamo(answer) as fake:`` serves on 127.0.0.1; @answer
    (handler, target, body) returns (status, dict), (status, dict, headers)
    or None to hold the request open until the client goes away."""

    def __init__(self, answer):
        self.answer = answer
        self.requests = []
        self.closed = threading.Event()
        self.arrived = threading.Event()
        fake = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = 'HTTP/1.1'

            def log_message(self, *args):
                pass

            def do_POST(self):
                length = int(self.headers.get('Content-Length', 0))
                body = json.loads(self.rfile.read(length) or b'{}')
                target = self.headers.get('X-Amz-Target', '').split('.')[-1]
                fake.requests.append((target, dict(self.headers), body))
                fake.arrived.set()
                reply = fake.answer(self, target, body)
                if reply is None:
                    fake.hold(self.connection)
                    self.close_connection = True
                    return
                status, document, *headers = reply
                data = json.dumps(document).encode()
                self.send_response(status)
                for name, value in (headers[0] if headers else {}).items():
                    self.send_header(name, value)
                self.send_header('Content-Type', 'application/x-amz-json-1.0')
                self.send_header('Content-Length', str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.server = http.server.ThreadingHTTPServer(('127.0.0.1', 0), Handler)
        self.server.daemon_threads = True
        self.endpoint = 'http://127.0.0.1:%d' % self.server.server_address[1]

    def hold(self, connection, bound=60):
        """Waits (at most @bound seconds) for the client to close @connection."""
        connection.settimeout(bound)
        try:
            while connection.recv(1024):
                pass
            self.closed.set()
        except (socket.timeout, OSError):
            pass

    def __enter__(self):
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


def service_error(name, message='failed'):
    return 400, {'__type': 'com.amazonaws.dynamodb.v20120810#' + name, 'message': message}
