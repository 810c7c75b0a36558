"""Every sentence ``quizapp serve`` prints, and the notice a browser session shows
when quizapp cannot start in it (quizapp/commands/serve.py)."""

MESSAGES = {
    "serve.missing": {
        "en": "quizapp serve needs textual-serve, which is not installed: "
              "install it with pip install 'quizapp[serve]' (or pip install textual-serve).",
        "zh": "quizapp serve 需要 textual-serve，但它还没有安装："
              "请用 pip install 'quizapp[serve]'（或 pip install textual-serve）安装。",
    },
    "serve.url": {
        "en": "quizapp is served at {url}: open it in a web browser. Press Ctrl+C to stop.",
        "zh": "quizapp 已在 {url} 上运行：请在浏览器中打开。按 Ctrl+C 停止。",
    },
    "serve.exposed": {
        "en": "Warning: quizapp listens on {host}, so anyone on your network can open it "
              "and study with your progress database.",
        "zh": "警告：quizapp 正在监听 {host}，同一网络中的任何人都能打开它，并用你的学习进度数据库答题。",
    },
    "serve.stopped": {
        "en": "quizapp serve has stopped.",
        "zh": "quizapp serve 已停止。",
    },
    "serve.bad_port": {
        "en": "--port must be a whole number from 1 to 65535, not {port}.",
        "zh": "--port 必须是 1 到 65535 之间的整数，不能是 {port}。",
    },
    "serve.port_in_use": {
        "en": "Port {port} on {host} is already in use: stop whatever is using it, or pick another port with --port.",
        "zh": "{host} 上的端口 {port} 已被占用：请先停掉占用它的程序，或用 --port 换一个端口。",
    },
    "serve.port_denied": {
        "en": "You may not listen on port {port} (ports below 1024 need administrator rights): "
              "pick another port with --port.",
        "zh": "没有权限监听端口 {port}（1024 以下的端口需要管理员权限）：请用 --port 换一个端口。",
    },
    "serve.bad_host": {
        "en": "Cannot listen on {host}: it is not an address of this machine; use 127.0.0.1 (the default), "
              "or 0.0.0.0 to let every network in.",
        "zh": "无法监听 {host}：它不是本机的地址；请用 127.0.0.1（默认），或用 0.0.0.0 向所有网络开放。",
    },
    "serve.cannot_listen": {
        "en": "Cannot listen on {host} port {port}: {reason}.",
        "zh": "无法监听 {host} 的端口 {port}：{reason}。",
    },
    "serve.session_error": {
        "en": "A browser session ended on an unexpected error ({error}); the full log is in {log}.",
        "zh": "一个浏览器会话因意外错误（{error}）而结束；完整日志在 {log}。",
    },
    # shown in the browser when quizapp could not start in that session
    "serve.notice.title": {
        "en": "quizapp could not start in this browser tab",
        "zh": "quizapp 无法在这个浏览器标签页中启动",
    },
    "serve.notice.hint": {
        "en": "Press Enter to end this session; once the problem is solved, press Restart to try again.",
        "zh": "按回车结束这个会话；问题解决后，点击 Restart 重试。",
    },
}
