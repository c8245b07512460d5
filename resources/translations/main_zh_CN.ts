<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>Bridge</name>
    <message numerus="yes">
        <location filename="../../ui/bridge.py" line="202" />
        <source>Page reloaded. %n earlier connection(s) stay open until they close.</source>
        <translation><numerusform>页面已重新加载。之前的 %n 个连接会保持打开，直到它们关闭。</numerusform></translation>
    </message>
    <message>
        <location filename="../../ui/bridge.py" line="208" />
        <source>Page reloaded.</source>
        <translation>页面已重新加载。</translation>
    </message>
    <message>
        <location filename="../../ui/bridge.py" line="244" />
        <source>The settings were not applied: %1</source>
        <translation>设置没有生效：%1</translation>
    </message>
    <message>
        <location filename="../../ui/bridge.py" line="268" />
        <source>Settings applied; the page was reloaded.</source>
        <translation>设置已生效，页面已重新加载。</translation>
    </message>
    <message>
        <location filename="../../ui/bridge.py" line="276" />
        <source>Settings applied to the next connection.</source>
        <translation>设置已生效，下一次连接时使用。</translation>
    </message>
    <message>
        <location filename="../../ui/bridge.py" line="290" />
        <source>SocketTask %1 cannot be closed while it is connecting.</source>
        <translation>SocketTask %1 正在连接中，暂时不能关闭。</translation>
    </message>
    <message>
        <location filename="../../ui/bridge.py" line="361" />
        <source>Already created: the sample creates one WebSocket per page. Reload the page to create again.</source>
        <translation>已经创建过了：示例每个页面只创建一个 WebSocket。重新加载页面后才能再次创建。</translation>
    </message>
    <message>
        <location filename="../../ui/bridge.py" line="364" />
        <source>Nothing to close: no WebSocket has been created yet.</source>
        <translation>没有可关闭的连接：还没有创建 WebSocket。</translation>
    </message>
    <message>
        <location filename="../../ui/bridge.py" line="366" />
        <source>Still connecting: close works once the connection is open.</source>
        <translation>仍在连接中：连接打开后才能关闭。</translation>
    </message>
    <message>
        <location filename="../../ui/bridge.py" line="369" />
        <source>The connection is already closed. Reload the page to create a new one.</source>
        <translation>连接已经关闭。重新加载页面后可以创建新的连接。</translation>
    </message>
    <message>
        <location filename="../../ui/bridge.py" line="371" />
        <source>Nothing was sent: data can only be sent while connected.</source>
        <translation>没有发送：只有在已连接时才能发送数据。</translation>
    </message>
    <message>
        <location filename="../../ui/bridge.py" line="372" />
        <source>Nothing was sent: create the WebSocket first.</source>
        <translation>没有发送：请先创建 WebSocket。</translation>
    </message>
    <message>
        <location filename="../../ui/bridge.py" line="374" />
        <source>The WebSocket could not be created (see the console). Reload the page to try again.</source>
        <translation>WebSocket 创建失败（原因见控制台）。重新加载页面后可以再试。</translation>
    </message>
</context>
<context>
    <name>ConsoleModel</name>
    <message>
        <location filename="../../ui/console_model.py" line="58" />
        <source>log</source>
        <translation>日志</translation>
    </message>
    <message>
        <location filename="../../ui/console_model.py" line="59" />
        <source>info</source>
        <translation>提示</translation>
    </message>
    <message>
        <location filename="../../ui/console_model.py" line="60" />
        <source>warn</source>
        <translation>警告</translation>
    </message>
    <message>
        <location filename="../../ui/console_model.py" line="61" />
        <source>error</source>
        <translation>错误</translation>
    </message>
    <message>
        <location filename="../../ui/console_model.py" line="280" />
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../ui/console_model.py" line="281" />
        <source>Level</source>
        <translation>级别</translation>
    </message>
    <message>
        <location filename="../../ui/console_model.py" line="282" />
        <source>Message</source>
        <translation>内容</translation>
    </message>
</context>
<context>
    <name>ConsoleView</name>
    <message>
        <location filename="../../ui/console_view.py" line="143" />
        <location filename="../../ui/console_view.py" line="152" />
        <source>Clear</source>
        <translation>清空</translation>
    </message>
    <message>
        <location filename="../../ui/console_view.py" line="144" />
        <location filename="../../ui/console_view.py" line="145" />
        <source>Clear the console</source>
        <translation>清空控制台</translation>
    </message>
    <message>
        <location filename="../../ui/console_view.py" line="146" />
        <location filename="../../ui/console_view.py" line="150" />
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <location filename="../../ui/console_view.py" line="147" />
        <source>Copy the selected lines (all lines if none)</source>
        <translation>复制选中的行（未选中时复制全部）</translation>
    </message>
    <message>
        <location filename="../../ui/console_view.py" line="148" />
        <source>Copy console lines</source>
        <translation>复制控制台内容</translation>
    </message>
    <message>
        <location filename="../../ui/console_view.py" line="149" />
        <source>Console</source>
        <translation>控制台</translation>
    </message>
    <message>
        <location filename="../../ui/console_view.py" line="151" />
        <source>Select all</source>
        <translation>全选</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/console_view.py" line="232" />
        <source>%n line(s)</source>
        <translation><numerusform>%n 行</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/console_view.py" line="235" />
        <source>%n older line(s) dropped</source>
        <translation><numerusform>已丢弃 %n 行较早的记录</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/console_view.py" line="237" />
        <source>The console keeps the newest %n lines.</source>
        <translation><numerusform>控制台只保留最新的 %n 行。</numerusform></translation>
    </message>
</context>
<context>
    <name>ErrorDialog</name>
    <message>
        <location filename="../../ui/excepthook.py" line="73" />
        <source>Unexpected error</source>
        <translation>意外错误</translation>
    </message>
    <message>
        <location filename="../../ui/excepthook.py" line="75" />
        <source>Something unexpected went wrong. The app keeps running.</source>
        <translation>发生了意外错误。应用会继续运行。</translation>
    </message>
    <message>
        <location filename="../../ui/excepthook.py" line="79" />
        <source>%1 unexpected errors happened. The app keeps running.</source>
        <translation>发生了 %1 个意外错误。应用会继续运行。</translation>
    </message>
    <message>
        <location filename="../../ui/excepthook.py" line="85" />
        <source>Details were written to the log: %1</source>
        <translation>详细信息已写入日志：%1</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ui/main_window.py" line="201" />
        <source>ttsocket-demo — tt.connectSocket sample page</source>
        <translation>ttsocket-demo — tt.connectSocket 示例页面</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="202" />
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="203" />
        <source>&amp;Page</source>
        <translation>页面(&amp;P)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="204" />
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="205" />
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="206" />
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="207" />
        <source>&amp;Reload page</source>
        <translation>重新加载页面(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="209" />
        <source>Reload the page: the page can create a WebSocket again</source>
        <translation>重新加载页面：页面可以再次创建 WebSocket</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="211" />
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="212" />
        <source>&amp;Open session…</source>
        <translation>打开会话(&amp;O)…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="214" />
        <source>Replay a saved session in the timeline and log</source>
        <translation>在时间线和日志中回放已保存的会话</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="216" />
        <source>&amp;Save session…</source>
        <translation>保存会话(&amp;S)…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="217" />
        <source>Save everything that happened so far</source>
        <translation>保存到目前为止发生的一切</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="218" />
        <source>&amp;Export timeline…</source>
        <translation>导出时间线(&amp;E)…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="219" />
        <source>&amp;Create WebSocket</source>
        <translation>创建 WebSocket(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="220" />
        <source>C&amp;lose WebSocket</source>
        <translation>关闭 WebSocket(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="221" />
        <source>&amp;Send WebSocket data</source>
        <translation>发送 WebSocket 数据(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="222" />
        <source>Clear &amp;console</source>
        <translation>清空控制台(&amp;O)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="223" />
        <source>Chinese (中文)</source>
        <translation>中文</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="224" />
        <source>English</source>
        <translation>English</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="225" />
        <source>&amp;About ttsocket-demo</source>
        <translation>关于 ttsocket-demo(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="226" />
        <source>Panels</source>
        <translation>面板</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="229" />
        <source>Console</source>
        <translation>控制台</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="267" />
        <source>Timeline</source>
        <translation>时间线</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="268" />
        <source>Log</source>
        <translation>日志</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="269" />
        <location filename="../../ui/main_window.py" line="270" />
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="293" />
        <source>Demo server: %1 · scenario: %2</source>
        <translation>演示服务器：%1 · 场景：%2</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="298" />
        <source>Demo server off · connecting to %1</source>
        <translation>演示服务器未启动 · 连接地址：%1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="301" />
        <source>Test mode</source>
        <translation>测试模式</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="301" />
        <source>Release mode</source>
        <translation>线上模式</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="304" />
        <source>Test mode accepts ws:// and wss://</source>
        <translation>测试模式同时支持 ws:// 和 wss://</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="306" />
        <source>Release mode accepts only wss:// on legal domains</source>
        <translation>线上模式只支持合法域名的 wss://</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="359" />
        <source>About ttsocket-demo</source>
        <translation>关于 ttsocket-demo</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="360" />
        <source>ttsocket-demo %1</source>
        <translation>ttsocket-demo %1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="363" />
        <source>A desktop replica of the Douyin mini-program sample page for tt.connectSocket, with an embedded demo server. Works offline.</source>
        <translation>抖音小程序 tt.connectSocket 示例页面的桌面复刻版，内置演示服务器，可离线使用。</translation>
    </message>
</context>
<context>
    <name>PageView</name>
    <message>
        <location filename="../../ui/page_view.py" line="206" />
        <source>WebSocket</source>
        <translation>WebSocket</translation>
    </message>
    <message>
        <location filename="../../ui/page_view.py" line="207" />
        <location filename="../../ui/page_view.py" line="211" />
        <source>Create WebSocket</source>
        <translation>创建 WebSocket</translation>
    </message>
    <message>
        <location filename="../../ui/page_view.py" line="208" />
        <location filename="../../ui/page_view.py" line="212" />
        <source>Close WebSocket</source>
        <translation>关闭 WebSocket</translation>
    </message>
    <message>
        <location filename="../../ui/page_view.py" line="209" />
        <location filename="../../ui/page_view.py" line="213" />
        <source>Send WebSocket data</source>
        <translation>发送 WebSocket 数据</translation>
    </message>
    <message>
        <location filename="../../ui/page_view.py" line="210" />
        <source>Type the data to send</source>
        <translation>输入要发送的数据</translation>
    </message>
    <message>
        <location filename="../../ui/page_view.py" line="214" />
        <source>Data to send</source>
        <translation>要发送的数据</translation>
    </message>
    <message>
        <location filename="../../ui/page_view.py" line="215" />
        <source>Press Enter to send</source>
        <translation>按回车键发送</translation>
    </message>
    <message>
        <location filename="../../ui/page_view.py" line="216" />
        <location filename="../../ui/page_view.py" line="217" />
        <source>Reload page</source>
        <translation>重新加载页面</translation>
    </message>
    <message>
        <location filename="../../ui/page_view.py" line="219" />
        <source>Reload the page (%1): the page can create a WebSocket again</source>
        <translation>重新加载页面（%1）：页面可以再次创建 WebSocket</translation>
    </message>
    <message>
        <location filename="../../ui/page_view.py" line="223" />
        <location filename="../../ui/page_view.py" line="225" />
        <source>Connects to</source>
        <translation>连接地址</translation>
    </message>
    <message>
        <location filename="../../ui/page_view.py" line="226" />
        <source>Page title</source>
        <translation>页面标题</translation>
    </message>
    <message>
        <location filename="../../ui/page_view.py" line="242" />
        <source>Create the WebSocket (%1)</source>
        <translation>创建 WebSocket（%1）</translation>
    </message>
    <message>
        <location filename="../../ui/page_view.py" line="245" />
        <source>Close the WebSocket (%1)</source>
        <translation>关闭 WebSocket（%1）</translation>
    </message>
    <message>
        <location filename="../../ui/page_view.py" line="248" />
        <source>Send the input as a text message (%1)</source>
        <translation>把输入框的内容作为文本消息发送（%1）</translation>
    </message>
</context>
<context>
    <name>StateBadge</name>
    <message>
        <location filename="../../ui/state_badge.py" line="146" />
        <source>Closed with code %1. Reload the page to connect again.</source>
        <translation>已关闭，关闭码 %1。重新加载页面后可以再次连接。</translation>
    </message>
    <message>
        <location filename="../../ui/state_badge.py" line="150" />
        <source>Closed. Reload the page to connect again.</source>
        <translation>已关闭。重新加载页面后可以再次连接。</translation>
    </message>
    <message>
        <location filename="../../ui/state_badge.py" line="154" />
        <source>Not created</source>
        <translation>未创建</translation>
    </message>
    <message>
        <location filename="../../ui/state_badge.py" line="155" />
        <source>Tap “Create WebSocket” to connect.</source>
        <translation>点击“创建 WebSocket”开始连接。</translation>
    </message>
    <message>
        <location filename="../../ui/state_badge.py" line="158" />
        <source>Creation failed</source>
        <translation>创建失败</translation>
    </message>
    <message>
        <location filename="../../ui/state_badge.py" line="159" />
        <source>The WebSocket was not created; the console says why.</source>
        <translation>WebSocket 没有创建成功，原因见控制台。</translation>
    </message>
    <message>
        <location filename="../../ui/state_badge.py" line="162" />
        <source>Connecting</source>
        <translation>连接中</translation>
    </message>
    <message>
        <location filename="../../ui/state_badge.py" line="163" />
        <source>Opening the connection to the server…</source>
        <translation>正在与服务器建立连接……</translation>
    </message>
    <message>
        <location filename="../../ui/state_badge.py" line="166" />
        <source>Open</source>
        <translation>已连接</translation>
    </message>
    <message>
        <location filename="../../ui/state_badge.py" line="167" />
        <source>Connected: data can be sent and received.</source>
        <translation>已连接：可以发送和接收数据。</translation>
    </message>
    <message>
        <location filename="../../ui/state_badge.py" line="170" />
        <source>Closing</source>
        <translation>关闭中</translation>
    </message>
    <message>
        <location filename="../../ui/state_badge.py" line="171" />
        <source>Saying goodbye to the server…</source>
        <translation>正在与服务器道别……</translation>
    </message>
    <message>
        <location filename="../../ui/state_badge.py" line="173" />
        <location filename="../../ui/state_badge.py" line="175" />
        <source>Closed</source>
        <translation>已关闭</translation>
    </message>
    <message>
        <location filename="../../ui/state_badge.py" line="177" />
        <source>The connection ended unexpectedly (code %1); the console says why.</source>
        <translation>连接意外结束（关闭码 %1），原因见控制台。</translation>
    </message>
    <message>
        <location filename="../../ui/state_badge.py" line="191" />
        <source>readyState: none</source>
        <translation>readyState：无</translation>
    </message>
    <message>
        <location filename="../../ui/state_badge.py" line="193" />
        <source>readyState %1 · %2</source>
        <translation>readyState %1 · %2</translation>
    </message>
    <message>
        <location filename="../../ui/state_badge.py" line="203" />
        <source>Connection state: %1</source>
        <translation>连接状态：%1</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <location filename="../../ui/main.py" line="238" />
        <source>The demo server could not start: %1</source>
        <translation>演示服务器无法启动：%1</translation>
    </message>
    <message>
        <location filename="../../ui/main.py" line="430" />
        <source>ttsocket-demo cannot start</source>
        <translation>ttsocket-demo 无法启动</translation>
    </message>
</context>
</TS>
