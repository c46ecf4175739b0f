#pragma once

#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "core/object.hpp"
#include "core/temp_dir.hpp"

namespace kgitops::testing {

// A stand-in `kubectl` whose `proxy --unix-socket=<path>` serves canned HTTP
// answers on that socket (a small Python server): what the HTTP transport
// talks to in unit tests. Each route answers `METHOD /path` (the query
// ignored, or matched too when the route names one) with its answers in
// order, the last one again and again. Every request is recorded.
class FakeApiProxy {
 public:
  struct Answer {
    int status = 200;
    std::string body;
    double delay_seconds = 0;  // before answering
    bool stream = false;       // body sent, then the connection held `hold_seconds`
    double hold_seconds = 0;
  };

  explicit FakeApiProxy(std::string mode = "serve") : m_mode(std::move(mode)) {}

  void route(const std::string& method_and_path, std::vector<Answer> answers) {
    Json list = Json::array();
    for (const auto& answer : answers) {
      list.push_back({{"status", answer.status},
                      {"body", answer.body},
                      {"delay", answer.delay_seconds},
                      {"stream", answer.stream},
                      {"hold", answer.hold_seconds}});
    }
    m_routes[method_and_path] = list;
  }

  // Writes the fake kubectl; its path.
  std::string program() {
    std::ofstream(m_dir.path() / "plan.json") << m_routes.dump();
    const auto path = m_dir.path() / "kubectl";
    std::ofstream script(path);
    script << k_script_head << "PLAN = '" << (m_dir.path() / "plan.json").string() << "'\n"
           << "LOG = '" << (m_dir.path() / "requests.log").string() << "'\n"
           << "MODE = '" << m_mode << "'\n"
           << k_script_body;
    script.close();
    ::chmod(path.c_str(), 0755);
    return path.string();
  }

  // Every request so far: {"method", "path", "body", "headers"}.
  std::vector<Json> requests() const {
    std::vector<Json> found;
    std::ifstream in(m_dir.path() / "requests.log");
    for (std::string line; std::getline(in, line);) {
      found.push_back(Json::parse(line));
    }
    return found;
  }

 private:
  static constexpr const char* k_script_head = "#!/usr/bin/env python3\n";
  static constexpr const char* k_script_body = R"PY(
import json, os, socketserver, sys, time
from http.server import BaseHTTPRequestHandler

socket_path = next((a.split("=", 1)[1] for a in sys.argv if a.startswith("--unix-socket=")), None)
if MODE == "fail":
    sys.stderr.write("error: invalid configuration: no configuration has been provided\n")
    sys.exit(1)
if socket_path is None:
    sys.exit(2)
routes = json.load(open(PLAN))
served = {}

class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def log_message(self, *args):
        pass
    def address_string(self):
        return "fake"
    def answer(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode() if length else ""
        with open(LOG, "a") as log:
            log.write(json.dumps({"method": self.command, "path": self.path, "body": body,
                                  "headers": dict(self.headers)}) + "\n")
        key = self.command + " " + self.path
        if key not in routes:
            key = self.command + " " + self.path.split("?")[0]
        answers = routes.get(key) or [{"status": 404, "body": "{}", "delay": 0, "stream": False, "hold": 0}]
        index = served.get(key, 0)
        served[key] = index + 1
        a = answers[min(index, len(answers) - 1)]
        time.sleep(a["delay"])
        data = a["body"].encode()
        self.send_response(a["status"])
        self.send_header("Content-Type", "application/json")
        if a["stream"]:
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(data)
            self.wfile.flush()
            time.sleep(a["hold"])
            self.close_connection = True
            return
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
    do_GET = do_PATCH = do_DELETE = do_POST = do_PUT = answer

class Server(socketserver.ThreadingMixIn, socketserver.UnixStreamServer):
    daemon_threads = True

Server(socket_path, Handler).serve_forever()
)PY";

  TempDir m_dir{"kgitops-fake-proxy-"};
  std::string m_mode;
  Json m_routes = Json::object();
};

}  // namespace kgitops::testing
