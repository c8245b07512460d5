<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>Bridge</name>
    <message>
        <location filename="../../ui/bridge.py" line="207"/>
        <source>Several connections allowed: SocketTask %1 stays open; a new one is created.</source>
        <translation>已允许多个连接：SocketTask %1 保持打开，现在创建一个新的。</translation>
    </message>
    <message>
        <location filename="../../ui/bridge.py" line="213"/>
        <source>Several connections allowed: a new SocketTask is created.</source>
        <translation>已允许多个连接：现在创建一个新的 SocketTask。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/bridge.py" line="258"/>
        <source>Page reloaded. %n earlier connection(s) stay open until they close.</source>
        <translation>
            <numerusform>页面已重新加载。之前的 %n 个连接会保持打开，直到它们关闭。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/bridge.py" line="264"/>
        <source>Page reloaded.</source>
        <translation>页面已重新加载。</translation>
    </message>
    <message>
        <location filename="../../ui/bridge.py" line="304"/>
        <source>The settings were not applied: %1</source>
        <translation>设置没有生效：%1</translation>
    </message>
    <message>
        <location filename="../../ui/bridge.py" line="328"/>
        <source>Settings applied; the page was reloaded.</source>
        <translation>设置已生效，页面已重新加载。</translation>
    </message>
    <message>
        <location filename="../../ui/bridge.py" line="336"/>
        <source>Settings applied to the next connection.</source>
        <translation>设置已生效，下一次连接时使用。</translation>
    </message>
    <message>
        <location filename="../../ui/bridge.py" line="341"/>
        <source>Several connections allowed: each “Create WebSocket” creates a new SocketTask and earlier ones stay open (at most %1 at once).</source>
        <translation>已允许多个连接：每次点击“创建 WebSocket”都会创建一个新的 SocketTask，之前的保持打开（最多同时 %1 个）。</translation>
    </message>
    <message>
        <location filename="../../ui/bridge.py" line="348"/>
        <source>One connection per page again, as in the sample: “Create WebSocket” creates a SocketTask only while the page has none.</source>
        <translation>恢复为每个页面一个连接，与示例一致：只有页面还没有 SocketTask 时，“创建 WebSocket”才会创建。</translation>
    </message>
    <message>
        <location filename="../../ui/bridge.py" line="365"/>
        <source>SocketTask %1 cannot be closed while it is connecting.</source>
        <translation>SocketTask %1 正在连接中，暂时不能关闭。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/bridge.py" line="377"/>
        <source>Closing %n open connection(s).</source>
        <translation><numerusform>正在关闭 %n 个已打开的连接。</numerusform></translation>
    </message>
    <message>
        <location filename="../../ui/bridge.py" line="379"/>
        <source>No open connection to close.</source>
        <translation>没有可以关闭的已打开连接。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/bridge.py" line="382"/>
        <source>%n connection(s) still connecting cannot be closed yet.</source>
        <translation><numerusform>%n 个连接仍在连接中，暂时不能关闭。</numerusform></translation>
    </message>
    <message>
        <location filename="../../ui/bridge.py" line="449"/>
        <source>This connection is already closed. “Create WebSocket” creates a new one.</source>
        <translation>这个连接已经关闭。点击“创建 WebSocket”会创建一个新的。</translation>
    </message>
    <message>
        <location filename="../../ui/bridge.py" line="452"/>
        <source>The newest WebSocket could not be created (see the console). “Create WebSocket” tries again.</source>
        <translation>最新的 WebSocket 没能创建（原因见控制台）。点击“创建 WebSocket”可以再试一次。</translation>
    </message>
    <message>
        <location filename="../../ui/bridge.py" line="460"/>
        <source>Already created: the sample creates one WebSocket per page. Reload the page to create again.</source>
        <translation>已经创建过了：示例每个页面只创建一个 WebSocket。重新加载页面后才能再次创建。</translation>
    </message>
    <message>
        <location filename="../../ui/bridge.py" line="463"/>
        <source>Nothing to close: no WebSocket has been created yet.</source>
        <translation>没有可关闭的连接：还没有创建 WebSocket。</translation>
    </message>
    <message>
        <location filename="../../ui/bridge.py" line="465"/>
        <source>Still connecting: close works once the connection is open.</source>
        <translation>仍在连接中：连接打开后才能关闭。</translation>
    </message>
    <message>
        <location filename="../../ui/bridge.py" line="468"/>
        <source>The connection is already closed. Reload the page to create a new one.</source>
        <translation>连接已经关闭。重新加载页面后可以创建新的连接。</translation>
    </message>
    <message>
        <location filename="../../ui/bridge.py" line="470"/>
        <source>Nothing was sent: data can only be sent while connected.</source>
        <translation>没有发送：只有在已连接时才能发送数据。</translation>
    </message>
    <message>
        <location filename="../../ui/bridge.py" line="471"/>
        <source>Nothing was sent: create the WebSocket first.</source>
        <translation>没有发送：请先创建 WebSocket。</translation>
    </message>
    <message>
        <location filename="../../ui/bridge.py" line="473"/>
        <source>The WebSocket could not be created (see the console). Reload the page to try again.</source>
        <translation>WebSocket 创建失败（原因见控制台）。重新加载页面后可以再试。</translation>
    </message>
    <message>
        <location filename="../../ui/bridge.py" line="477"/>
        <source>The limit is reached: %1 sockets are connecting or open, so connectSocket fails until one of them closes.</source>
        <translation>已达上限：已有 %1 个连接正在连接或已打开，在其中一个关闭之前，connectSocket 会失败。</translation>
    </message>
</context>
<context>
    <name>ConsoleModel</name>
    <message>
        <location filename="../../ui/console_model.py" line="58"/>
        <source>log</source>
        <translation>日志</translation>
    </message>
    <message>
        <location filename="../../ui/console_model.py" line="59"/>
        <source>info</source>
        <translation>提示</translation>
    </message>
    <message>
        <location filename="../../ui/console_model.py" line="60"/>
        <source>warn</source>
        <translation>警告</translation>
    </message>
    <message>
        <location filename="../../ui/console_model.py" line="61"/>
        <source>error</source>
        <translation>错误</translation>
    </message>
    <message>
        <location filename="../../ui/console_model.py" line="280"/>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../ui/console_model.py" line="281"/>
        <source>Level</source>
        <translation>级别</translation>
    </message>
    <message>
        <location filename="../../ui/console_model.py" line="282"/>
        <source>Message</source>
        <translation>内容</translation>
    </message>
</context>
<context>
    <name>ConsoleView</name>
    <message>
        <location filename="../../ui/console_view.py" line="143"/>
        <location filename="../../ui/console_view.py" line="152"/>
        <source>Clear</source>
        <translation>清空</translation>
    </message>
    <message>
        <location filename="../../ui/console_view.py" line="144"/>
        <location filename="../../ui/console_view.py" line="145"/>
        <source>Clear the console</source>
        <translation>清空控制台</translation>
    </message>
    <message>
        <location filename="../../ui/console_view.py" line="146"/>
        <location filename="../../ui/console_view.py" line="150"/>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <location filename="../../ui/console_view.py" line="147"/>
        <source>Copy the selected lines (all lines if none)</source>
        <translation>复制选中的行（未选中时复制全部）</translation>
    </message>
    <message>
        <location filename="../../ui/console_view.py" line="148"/>
        <source>Copy console lines</source>
        <translation>复制控制台内容</translation>
    </message>
    <message>
        <location filename="../../ui/console_view.py" line="149"/>
        <source>Console</source>
        <translation>控制台</translation>
    </message>
    <message>
        <location filename="../../ui/console_view.py" line="151"/>
        <source>Select all</source>
        <translation>全选</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/console_view.py" line="232"/>
        <source>%n line(s)</source>
        <translation>
            <numerusform>%n 行</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/console_view.py" line="235"/>
        <source>%n older line(s) dropped</source>
        <translation>
            <numerusform>已丢弃 %n 行较早的记录</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/console_view.py" line="237"/>
        <source>The console keeps the newest %n lines.</source>
        <translation>
            <numerusform>控制台只保留最新的 %n 行。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ErrorDialog</name>
    <message>
        <location filename="../../ui/error_dialog.py" line="36"/>
        <source>Unexpected error</source>
        <translation>意外错误</translation>
    </message>
    <message>
        <location filename="../../ui/error_dialog.py" line="39"/>
        <source>Something unexpected went wrong. The app keeps running.</source>
        <translation>发生了意外错误。应用会继续运行。</translation>
    </message>
    <message>
        <location filename="../../ui/error_dialog.py" line="43"/>
        <source>%1 unexpected errors happened. The app keeps running.</source>
        <translation>发生了 %1 个意外错误。应用会继续运行。</translation>
    </message>
    <message>
        <location filename="../../ui/error_dialog.py" line="49"/>
        <source>Details were written to the log: %1</source>
        <translation>详细信息已写入日志：%1</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ui/main_window.py" line="1"/>
        <source>Starting the demo server…</source>
        <translation>正在启动演示服务器…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="366"/>
        <source>ttsocket-demo — tt.connectSocket sample page</source>
        <translation>ttsocket-demo — tt.connectSocket 示例页面</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="367"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="368"/>
        <source>&amp;Page</source>
        <translation>页面(&amp;P)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="369"/>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="370"/>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="371"/>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="372"/>
        <source>&amp;Reload page</source>
        <translation>重新加载页面(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="374"/>
        <source>Reload the page: the page can create a WebSocket again</source>
        <translation>重新加载页面：页面可以再次创建 WebSocket</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="376"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="377"/>
        <source>&amp;Open session…</source>
        <translation>打开会话(&amp;O)…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="379"/>
        <source>Replay a saved session in the timeline and log</source>
        <translation>在时间线和日志中回放已保存的会话</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="381"/>
        <source>&amp;Save session…</source>
        <translation>保存会话(&amp;S)…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="382"/>
        <source>Save everything that happened so far</source>
        <translation>保存到目前为止发生的一切</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="383"/>
        <source>&amp;Export timeline…</source>
        <translation>导出时间线(&amp;E)…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="384"/>
        <source>&amp;Create WebSocket</source>
        <translation>创建 WebSocket(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="385"/>
        <source>C&amp;lose WebSocket</source>
        <translation>关闭 WebSocket(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="386"/>
        <source>&amp;Send WebSocket data</source>
        <translation>发送 WebSocket 数据(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="387"/>
        <source>Clear &amp;console</source>
        <translation>清空控制台(&amp;O)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="401"/>
        <source>Chinese (中文)</source>
        <translation>中文</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="402"/>
        <source>English</source>
        <translation>English</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="403"/>
        <source>&amp;About ttsocket-demo</source>
        <translation>关于 ttsocket-demo(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="404"/>
        <source>Panels</source>
        <translation>面板</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="411"/>
        <source>Console</source>
        <translation>控制台</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="452"/>
        <source>Timeline</source>
        <translation>时间线</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="453"/>
        <source>Log</source>
        <translation>日志</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="127"/>
        <location filename="../../ui/main_window.py" line="454"/>
        <location filename="../../ui/main_window.py" line="455"/>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="128"/>
        <source>Settings form</source>
        <translation>设置表单</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="129"/>
        <source>Timeline axis</source>
        <translation>时间线坐标轴</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="130"/>
        <source>Zoom out</source>
        <translation>缩小</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="131"/>
        <source>Zoom in</source>
        <translation>放大</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="132"/>
        <source>Fit the whole timeline</source>
        <translation>显示整条时间线</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="133"/>
        <source>Follow live events</source>
        <translation>跟随实时事件</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="134"/>
        <source>Export the timeline</source>
        <translation>导出时间线</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="135"/>
        <source>Timeline diagram</source>
        <translation>时间线图</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="136"/>
        <source>Event details</source>
        <translation>事件详情</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="137"/>
        <source>Close all connections</source>
        <translation>关闭所有连接</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="138"/>
        <source>Scenario</source>
        <translation>场景</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="139"/>
        <source>Use ws://</source>
        <translation>使用 ws://</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="140"/>
        <source>Use wss://</source>
        <translation>使用 wss://</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="141"/>
        <source>Scenario URL</source>
        <translation>场景 URL</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="142"/>
        <source>Copy the scenario URL</source>
        <translation>复制场景 URL</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="143"/>
        <source>URL</source>
        <translation>URL</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="144"/>
        <source>Headers</source>
        <translation>请求头</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="145"/>
        <source>Add header</source>
        <translation>添加请求头</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="146"/>
        <source>Remove header</source>
        <translation>删除请求头</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="147"/>
        <source>Protocols</source>
        <translation>子协议</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="148"/>
        <source>Timeout in milliseconds</source>
        <translation>超时时间（毫秒）</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="149"/>
        <source>Mode</source>
        <translation>模式</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="150"/>
        <source>Legal domains</source>
        <translation>合法域名</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="151"/>
        <source>Skip the legal-domain check</source>
        <translation>跳过合法域名检查</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="152"/>
        <source>CA file</source>
        <translation>CA 文件</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="153"/>
        <source>Browse for a CA file</source>
        <translation>选择 CA 文件</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="154"/>
        <source>Allow several connections</source>
        <translation>允许多个连接</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="155"/>
        <source>Presenter mode</source>
        <translation>演示者模式</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="156"/>
        <source>Restore the default settings</source>
        <translation>恢复默认设置</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="157"/>
        <source>Revert the settings</source>
        <translation>撤销设置修改</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="158"/>
        <source>Apply the settings</source>
        <translation>应用设置</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="388"/>
        <source>Allow &amp;several connections</source>
        <translation>允许多个连接(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="391"/>
        <source>Each “Create WebSocket” creates a new SocketTask; earlier ones stay open (the sample itself creates one per page)</source>
        <translation>每次点击“创建 WebSocket”都会创建一个新的 SocketTask，之前的保持打开（示例本身每个页面只创建一个）</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="395"/>
        <source>Close &amp;all connections</source>
        <translation>关闭所有连接(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="396"/>
        <source>Close every open SocketTask with code 1000</source>
        <translation>用关闭码 1000 关闭所有已打开的 SocketTask</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="397"/>
        <source>&amp;Presenter mode</source>
        <translation>演示者模式(&amp;P)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="399"/>
        <source>Larger type, higher contrast, secret values masked on screen</source>
        <translation>字号更大、对比度更高，屏幕上隐藏敏感值</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="405"/>
        <source>Panel tabs</source>
        <translation>面板标签</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="406"/>
        <source>Demo server</source>
        <translation>演示服务器</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="407"/>
        <source>Runtime mode</source>
        <translation>运行模式</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="408"/>
        <source>Sockets in use</source>
        <translation>使用中的连接</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="493"/>
        <source>Demo server: %1 · scenario: %2</source>
        <translation>演示服务器：%1 · 场景：%2</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="498"/>
        <source>Demo server off · connecting to %1</source>
        <translation>演示服务器未启动 · 连接地址：%1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="501"/>
        <source>Test mode</source>
        <translation>测试模式</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="501"/>
        <source>Release mode</source>
        <translation>线上模式</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="504"/>
        <source>Test mode accepts ws:// and wss://</source>
        <translation>测试模式同时支持 ws:// 和 wss://</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="506"/>
        <source>Release mode accepts only wss:// on legal domains</source>
        <translation>线上模式只支持合法域名的 wss://</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="512"/>
        <source>Sockets: %1 / %2</source>
        <translation>连接：%1 / %2</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="517"/>
        <source>The limit is reached: another connectSocket fails until one of them closes.</source>
        <translation>已达上限：在其中一个关闭之前，再调用 connectSocket 会失败。</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="521"/>
        <source>SocketTasks connecting, open or closing, against the limit of %1.</source>
        <translation>正在连接、已打开或正在关闭的 SocketTask，上限为 %1 个。</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="656"/>
        <source>Close SocketTask %1</source>
        <translation>关闭 SocketTask %1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="738"/>
        <source>About ttsocket-demo</source>
        <translation>关于 ttsocket-demo</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="739"/>
        <source>ttsocket-demo %1</source>
        <translation>ttsocket-demo %1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="742"/>
        <source>A desktop replica of the Douyin mini-program sample page for tt.connectSocket, with an embedded demo server. Works offline.</source>
        <translation>抖音小程序 tt.connectSocket 示例页面的桌面复刻版，内置演示服务器，可离线使用。</translation>
    </message>
</context>
<context>
    <name>PageView</name>
    <message>
        <location filename="../../ui/page_view.py" line="1"/>
        <source>The demo server could not start, so the WebSocket was not created. Set a URL in Settings to connect elsewhere.</source>
        <translation>演示服务器无法启动，因此没有创建 WebSocket。可在“设置”中填写 URL 连接其他服务器。</translation>
    </message>
    <message>
        <location filename="../../ui/page_view.py" line="1"/>
        <source>The demo server is starting: the WebSocket is created as soon as it is up.</source>
        <translation>演示服务器正在启动：启动完成后立即创建 WebSocket。</translation>
    </message>
    <message>
        <location filename="../../ui/page_view.py" line="1"/>
        <source>Starting the demo server…</source>
        <translation>正在启动演示服务器…</translation>
    </message>
    <message>
        <location filename="../../ui/page_view.py" line="238"/>
        <source>WebSocket</source>
        <translation>WebSocket</translation>
    </message>
    <message>
        <location filename="../../ui/page_view.py" line="239"/>
        <location filename="../../ui/page_view.py" line="243"/>
        <source>Create WebSocket</source>
        <translation>创建 WebSocket</translation>
    </message>
    <message>
        <location filename="../../ui/page_view.py" line="240"/>
        <location filename="../../ui/page_view.py" line="244"/>
        <source>Close WebSocket</source>
        <translation>关闭 WebSocket</translation>
    </message>
    <message>
        <location filename="../../ui/page_view.py" line="241"/>
        <location filename="../../ui/page_view.py" line="245"/>
        <source>Send WebSocket data</source>
        <translation>发送 WebSocket 数据</translation>
    </message>
    <message>
        <location filename="../../ui/page_view.py" line="242"/>
        <source>Type the data to send</source>
        <translation>输入要发送的数据</translation>
    </message>
    <message>
        <location filename="../../ui/page_view.py" line="246"/>
        <source>Data to send</source>
        <translation>要发送的数据</translation>
    </message>
    <message>
        <location filename="../../ui/page_view.py" line="247"/>
        <source>Press Enter to send</source>
        <translation>按回车键发送</translation>
    </message>
    <message>
        <location filename="../../ui/page_view.py" line="248"/>
        <location filename="../../ui/page_view.py" line="249"/>
        <source>Reload page</source>
        <translation>重新加载页面</translation>
    </message>
    <message>
        <location filename="../../ui/page_view.py" line="251"/>
        <source>Reload the page (%1): the page can create a WebSocket again</source>
        <translation>重新加载页面（%1）：页面可以再次创建 WebSocket</translation>
    </message>
    <message>
        <location filename="../../ui/page_view.py" line="255"/>
        <location filename="../../ui/page_view.py" line="257"/>
        <source>Connects to</source>
        <translation>连接地址</translation>
    </message>
    <message>
        <location filename="../../ui/page_view.py" line="258"/>
        <source>Page title</source>
        <translation>页面标题</translation>
    </message>
    <message>
        <location filename="../../ui/page_view.py" line="294"/>
        <source>Create another WebSocket (%1): several connections are allowed, so the current one stays open</source>
        <translation>再创建一个 WebSocket（%1）：已允许多个连接，当前连接保持打开</translation>
    </message>
    <message>
        <location filename="../../ui/page_view.py" line="298"/>
        <source>Create the WebSocket (%1)</source>
        <translation>创建 WebSocket（%1）</translation>
    </message>
    <message>
        <location filename="../../ui/page_view.py" line="301"/>
        <source>Close the WebSocket (%1)</source>
        <translation>关闭 WebSocket（%1）</translation>
    </message>
    <message>
        <location filename="../../ui/page_view.py" line="304"/>
        <source>Send the input as a text message (%1)</source>
        <translation>把输入框的内容作为文本消息发送（%1）</translation>
    </message>
</context>
<context>
    <name>StateBadge</name>
    <message>
        <location filename="../../ui/state_badge.py" line="159"/>
        <source>Closed with code %1. “Create WebSocket” connects again.</source>
        <translation>已关闭，关闭码 %1。点击“创建 WebSocket”可以再次连接。</translation>
    </message>
    <message>
        <location filename="../../ui/state_badge.py" line="163"/>
        <source>Closed. “Create WebSocket” connects again.</source>
        <translation>已关闭。点击“创建 WebSocket”可以再次连接。</translation>
    </message>
    <message>
        <location filename="../../ui/state_badge.py" line="167"/>
        <source>Closed with code %1. Reload the page to connect again.</source>
        <translation>已关闭，关闭码 %1。重新加载页面后可以再次连接。</translation>
    </message>
    <message>
        <location filename="../../ui/state_badge.py" line="171"/>
        <source>Closed. Reload the page to connect again.</source>
        <translation>已关闭。重新加载页面后可以再次连接。</translation>
    </message>
    <message>
        <location filename="../../ui/state_badge.py" line="175"/>
        <source>Not created</source>
        <translation>未创建</translation>
    </message>
    <message>
        <location filename="../../ui/state_badge.py" line="176"/>
        <source>Tap “Create WebSocket” to connect.</source>
        <translation>点击“创建 WebSocket”开始连接。</translation>
    </message>
    <message>
        <location filename="../../ui/state_badge.py" line="179"/>
        <source>Creation failed</source>
        <translation>创建失败</translation>
    </message>
    <message>
        <location filename="../../ui/state_badge.py" line="180"/>
        <source>The WebSocket was not created; the console says why.</source>
        <translation>WebSocket 没有创建成功，原因见控制台。</translation>
    </message>
    <message>
        <location filename="../../ui/state_badge.py" line="183"/>
        <source>Connecting</source>
        <translation>连接中</translation>
    </message>
    <message>
        <location filename="../../ui/state_badge.py" line="184"/>
        <source>Opening the connection to the server…</source>
        <translation>正在与服务器建立连接……</translation>
    </message>
    <message>
        <location filename="../../ui/state_badge.py" line="187"/>
        <source>Open</source>
        <translation>已连接</translation>
    </message>
    <message>
        <location filename="../../ui/state_badge.py" line="188"/>
        <source>Connected: data can be sent and received.</source>
        <translation>已连接：可以发送和接收数据。</translation>
    </message>
    <message>
        <location filename="../../ui/state_badge.py" line="191"/>
        <source>Closing</source>
        <translation>关闭中</translation>
    </message>
    <message>
        <location filename="../../ui/state_badge.py" line="192"/>
        <source>Saying goodbye to the server…</source>
        <translation>正在与服务器道别……</translation>
    </message>
    <message>
        <location filename="../../ui/state_badge.py" line="194"/>
        <location filename="../../ui/state_badge.py" line="196"/>
        <source>Closed</source>
        <translation>已关闭</translation>
    </message>
    <message>
        <location filename="../../ui/state_badge.py" line="198"/>
        <source>The connection ended unexpectedly (code %1); the console says why.</source>
        <translation>连接意外结束（关闭码 %1），原因见控制台。</translation>
    </message>
    <message>
        <location filename="../../ui/state_badge.py" line="212"/>
        <source>readyState: none</source>
        <translation>readyState：无</translation>
    </message>
    <message>
        <location filename="../../ui/state_badge.py" line="214"/>
        <source>readyState %1 · %2</source>
        <translation>readyState %1 · %2</translation>
    </message>
    <message>
        <location filename="../../ui/state_badge.py" line="224"/>
        <source>Connection state: %1</source>
        <translation>连接状态：%1</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <location filename="../../ui/main.py" line="1"/>
        <source>Saving the session… %1 %</source>
        <translation>正在保存会话… %1 %</translation>
    </message>
    <message>
        <location filename="../../ui/main.py" line="1"/>
        <source>Session saved to %1</source>
        <translation>会话已保存到 %1</translation>
    </message>
    <message>
        <location filename="../../ui/main.py" line="1"/>
        <source>The start-up could not finish: %1</source>
        <translation>启动未能完成：%1</translation>
    </message>
    <message>
        <location filename="../../ui/main.py" line="238"/>
        <source>The demo server could not start: %1</source>
        <translation>演示服务器无法启动：%1</translation>
    </message>
    <message>
        <location filename="../../ui/main.py" line="430"/>
        <source>ttsocket-demo cannot start</source>
        <translation>ttsocket-demo 无法启动</translation>
    </message>
</context>
</TS>
