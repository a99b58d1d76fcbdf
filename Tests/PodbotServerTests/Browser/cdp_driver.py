#!/usr/bin/env python3
"""Drives headless Chromium over the DevTools protocol (--remote-debugging-pipe) for podbot's page tests.

Usage: cdp_driver.py CHROMIUM STEPS_JSON
STEPS_JSON is a list of steps, run in order in one tab:
  {"navigate": URL}                        load a page and wait until the document is complete
  {"type": SELECTOR, "text": TEXT}         focus an element and type into it (real input events)
  {"wait": JS_EXPRESSION, "timeout": S}    poll until the expression is truthy
  {"eval": JS_EXPRESSION, "name": NAME}    record the expression's value under NAME
  {"screenshot": PATH}                     save a PNG of the whole page
Prints {"values": {NAME: value}} as JSON, or {"error": "..."} and exits 1.
"""
import base64, fcntl, json, os, subprocess, sys, tempfile, time, urllib.parse


class Browser:
    def __init__(self, chromium):
        self.profile = tempfile.mkdtemp(prefix="podbot-chromium-")
        to_browser_r, self.to_browser = os.pipe()
        self.from_browser, from_browser_w = os.pipe()

        def wire():
            # Copy above 4 first so that neither dup2 overwrites the other's source.
            reading = fcntl.fcntl(to_browser_r, fcntl.F_DUPFD, 10)
            writing = fcntl.fcntl(from_browser_w, fcntl.F_DUPFD, 10)
            os.dup2(reading, 3)
            os.dup2(writing, 4)

        self.process = subprocess.Popen(
            [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
             "--no-first-run", "--no-default-browser-check", "--hide-scrollbars", "--mute-audio",
             "--remote-debugging-pipe", "--user-data-dir=" + self.profile, "--window-size=1280,900"],
            pass_fds=(3, 4), preexec_fn=wire,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(to_browser_r)
        os.close(from_browser_w)
        self.buffer = b""
        self.next_id = 0
        self.session = None

    def send(self, method, params=None, session=True):
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params or {}}
        if session and self.session:
            message["sessionId"] = self.session
        os.write(self.to_browser, json.dumps(message).encode() + b"\0")
        while True:
            reply = self.read()
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})

    def read(self):
        while b"\0" not in self.buffer:
            chunk = os.read(self.from_browser, 1 << 16)
            if not chunk:
                raise RuntimeError("chromium closed the pipe")
            self.buffer += chunk
        message, self.buffer = self.buffer.split(b"\0", 1)
        return json.loads(message)

    def open_tab(self):
        target = self.send("Target.createTarget", {"url": "about:blank"}, session=False)["targetId"]
        self.session = self.send(
            "Target.attachToTarget", {"targetId": target, "flatten": True}, session=False)["sessionId"]
        self.send("Page.enable")
        self.send("Runtime.enable")
        self.send("Emulation.setDeviceMetricsOverride",
                  {"width": 1280, "height": 900, "deviceScaleFactor": 1, "mobile": False})

    def evaluate(self, expression):
        result = self.send("Runtime.evaluate",
                           {"expression": expression, "returnByValue": True, "awaitPromise": True})
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression}: {result['exceptionDetails'].get('text')}")
        return result["result"].get("value")

    def wait(self, expression, timeout):
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.evaluate(expression):
                return
            time.sleep(0.1)
        raise RuntimeError(f"timed out after {timeout} s waiting for {expression}")

    def close(self):
        try:
            self.send("Browser.close", session=False)
        except Exception:
            pass
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


def main():
    chromium, steps = sys.argv[1], json.loads(sys.argv[2])
    browser = Browser(chromium)
    values = {}
    try:
        browser.open_tab()
        for step in steps:
            if "navigate" in step:
                browser.send("Page.navigate", {"url": step["navigate"]})
                path = json.dumps(urllib.parse.urlsplit(step["navigate"]).path)
                browser.wait(f"location.pathname === {path} && document.readyState === 'complete'", 30)
            elif "type" in step:
                selector = json.dumps(step["type"])
                browser.evaluate(f"document.querySelector({selector}).focus()")
                browser.send("Input.insertText", {"text": step["text"]})
            elif "wait" in step:
                browser.wait(step["wait"], step.get("timeout", 30))
            elif "eval" in step:
                values[step["name"]] = browser.evaluate(step["eval"])
            elif "screenshot" in step:
                height = browser.evaluate("Math.min(document.documentElement.scrollHeight, 1800)")
                browser.send("Emulation.setDeviceMetricsOverride",
                             {"width": 1280, "height": max(900, int(height)), "deviceScaleFactor": 1,
                              "mobile": False})
                shot = browser.send("Page.captureScreenshot", {"format": "png"})
                with open(step["screenshot"], "wb") as out:
                    out.write(base64.b64decode(shot["data"]))
                browser.send("Emulation.setDeviceMetricsOverride",
                             {"width": 1280, "height": 900, "deviceScaleFactor": 1, "mobile": False})
        print(json.dumps({"values": values}))
    except Exception as error:  # reported to the Swift test as JSON
        print(json.dumps({"error": str(error), "values": values}))
        sys.exit(1)
    finally:
        browser.close()


if __name__ == "__main__":
    main()
