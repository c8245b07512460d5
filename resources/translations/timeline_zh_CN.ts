<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>BinaryComposer</name>
    <message>
        <location filename="../../ui/log_view.py" line="684"/>
        <source>Hex bytes, e.g. 48 65 6c 6c 6f or 0x48,0x65</source>
        <translation>十六进制字节，例如 48 65 6c 6c 6f 或 0x48,0x65</translation>
    </message>
    <message>
        <location filename="../../ui/log_view.py" line="685"/>
        <source>Load file…</source>
        <translation>载入文件…</translation>
    </message>
    <message>
        <location filename="../../ui/log_view.py" line="686"/>
        <source>Send the bytes of a file instead</source>
        <translation>改为发送一个文件的字节</translation>
    </message>
    <message>
        <location filename="../../ui/log_view.py" line="687"/>
        <source>Forget the file and use the hex text</source>
        <translation>不用这个文件，改用十六进制文本</translation>
    </message>
    <message>
        <location filename="../../ui/log_view.py" line="688"/>
        <source>Send binary</source>
        <translation>发送二进制</translation>
    </message>
    <message>
        <location filename="../../ui/log_view.py" line="689"/>
        <source>Binary message in hex</source>
        <translation>十六进制二进制消息</translation>
    </message>
    <message>
        <location filename="../../ui/log_view.py" line="690"/>
        <source>Load a file to send</source>
        <translation>加载要发送的文件</translation>
    </message>
    <message>
        <location filename="../../ui/log_view.py" line="691"/>
        <source>Forget the loaded file</source>
        <translation>不再使用已加载的文件</translation>
    </message>
    <message>
        <location filename="../../ui/log_view.py" line="692"/>
        <source>Send the binary message</source>
        <translation>发送二进制消息</translation>
    </message>
    <message>
        <location filename="../../ui/log_view.py" line="743"/>
        <source>{0} is not a hex digit (use 0-9 and a-f)</source>
        <translation>{0} 不是十六进制数字（请用 0-9 和 a-f）</translation>
    </message>
    <message>
        <location filename="../../ui/log_view.py" line="745"/>
        <source>{0} has an odd number of hex digits; write every byte as two digits (e.g. 0f, not f)</source>
        <translation>{0} 的十六进制位数是奇数；每个字节要写成两位（例如 0f，而不是 f）</translation>
    </message>
    <message>
        <location filename="../../ui/log_view.py" line="748"/>
        <source>{0} has no hex digits after the prefix</source>
        <translation>{0} 的前缀后面没有十六进制数字</translation>
    </message>
    <message>
        <location filename="../../ui/log_view.py" line="750"/>
        <source>more than {0} bytes: the message is too large to send</source>
        <translation>超过 {0} 字节：消息太大，无法发送</translation>
    </message>
    <message>
        <location filename="../../ui/log_view.py" line="752"/>
        <source>{0} is a folder, not a file</source>
        <translation>{0} 是文件夹，不是文件</translation>
    </message>
    <message>
        <location filename="../../ui/log_view.py" line="753"/>
        <source>{0} is too large: at most {1} bytes can be sent</source>
        <translation>{0} 太大：最多只能发送 {1} 字节</translation>
    </message>
    <message>
        <location filename="../../ui/log_view.py" line="754"/>
        <source>{0} does not exist</source>
        <translation>{0} 不存在</translation>
    </message>
    <message>
        <location filename="../../ui/log_view.py" line="755"/>
        <source>{0}: permission denied</source>
        <translation>{0}：没有访问权限</translation>
    </message>
    <message>
        <location filename="../../ui/log_view.py" line="762"/>
        <source>line {0}, column {1}: </source>
        <translation>第 {0} 行第 {1} 列：</translation>
    </message>
    <message>
        <location filename="../../ui/log_view.py" line="773"/>
        <source>File {0}: {1} bytes [{2}]</source>
        <translation>文件 {0}：{1} 字节 [{2}]</translation>
    </message>
    <message>
        <location filename="../../ui/log_view.py" line="788"/>
        <source>{0} bytes</source>
        <translation>{0} 字节</translation>
    </message>
    <message>
        <location filename="../../ui/log_view.py" line="793"/>
        <source>Open a connection first</source>
        <translation>请先打开连接</translation>
    </message>
    <message>
        <location filename="../../ui/log_view.py" line="795"/>
        <source>Send these bytes as one binary message</source>
        <translation>把这些字节作为一条二进制消息发送</translation>
    </message>
    <message>
        <location filename="../../ui/log_view.py" line="815"/>
        <source>Choose a file to send</source>
        <translation>选择要发送的文件</translation>
    </message>
</context>
<context>
    <name>Explanation</name>
    <message>
        <location filename="../../ui/timeline_view.py" line="117"/>
        <source>closed normally</source>
        <extracomment>Every fixed explanation the core produces (app.explain), marked for translation.</extracomment>
        <translation>正常关闭</translation>
    </message>
    <message>
        <location filename="../../ui/timeline_view.py" line="118"/>
        <source>the other side is going away (page closed or server shutting down)</source>
        <translation>对方要离开了（页面关闭或服务器正在停机）</translation>
    </message>
    <message>
        <location filename="../../ui/timeline_view.py" line="121"/>
        <source>closed because of a protocol error: the peer broke the WebSocket rules</source>
        <translation>因协议错误而关闭：对方违反了 WebSocket 规则</translation>
    </message>
    <message>
        <location filename="../../ui/timeline_view.py" line="124"/>
        <source>closed because the data type is not accepted</source>
        <translation>因数据类型不被接受而关闭</translation>
    </message>
    <message>
        <location filename="../../ui/timeline_view.py" line="125"/>
        <source>closed without a status code</source>
        <translation>关闭时没有带状态码</translation>
    </message>
    <message>
        <location filename="../../ui/timeline_view.py" line="126"/>
        <source>the connection dropped without a goodbye (no close frame)</source>
        <translation>连接没有道别就断了（没有关闭帧）</translation>
    </message>
    <message>
        <location filename="../../ui/timeline_view.py" line="127"/>
        <source>closed because a message was not valid text (bad UTF-8)</source>
        <translation>因消息不是有效文本（UTF-8 错误）而关闭</translation>
    </message>
    <message>
        <location filename="../../ui/timeline_view.py" line="128"/>
        <source>closed because a message broke the server&apos;s policy</source>
        <translation>因消息违反服务器策略而关闭</translation>
    </message>
    <message>
        <location filename="../../ui/timeline_view.py" line="129"/>
        <source>closed because a message was too big</source>
        <translation>因消息太大而关闭</translation>
    </message>
    <message>
        <location filename="../../ui/timeline_view.py" line="130"/>
        <source>closed because the server did not agree to a required extension</source>
        <translation>因服务器不同意必需的扩展而关闭</translation>
    </message>
    <message>
        <location filename="../../ui/timeline_view.py" line="133"/>
        <source>the server hit an unexpected error</source>
        <translation>服务器遇到了意外错误</translation>
    </message>
    <message>
        <location filename="../../ui/timeline_view.py" line="134"/>
        <source>the server is restarting</source>
        <translation>服务器正在重启</translation>
    </message>
    <message>
        <location filename="../../ui/timeline_view.py" line="135"/>
        <source>the server is overloaded: try again later</source>
        <translation>服务器负载过高：请稍后再试</translation>
    </message>
    <message>
        <location filename="../../ui/timeline_view.py" line="136"/>
        <source>a gateway got a bad answer from the server behind it</source>
        <translation>网关从后端服务器收到了错误的响应</translation>
    </message>
    <message>
        <location filename="../../ui/timeline_view.py" line="137"/>
        <source>the secure (TLS) handshake failed</source>
        <translation>安全（TLS）握手失败</translation>
    </message>
    <message>
        <location filename="../../ui/timeline_view.py" line="138"/>
        <source>closed with a code registered for libraries and frameworks</source>
        <translation>以库和框架注册的状态码关闭</translation>
    </message>
    <message>
        <location filename="../../ui/timeline_view.py" line="139"/>
        <source>closed by the application with its own code</source>
        <translation>由应用以自定义状态码关闭</translation>
    </message>
    <message>
        <location filename="../../ui/timeline_view.py" line="140"/>
        <source>closed with an unusual code</source>
        <translation>以不常见的状态码关闭</translation>
    </message>
    <message>
        <location filename="../../ui/timeline_view.py" line="141"/>
        <source>nothing is listening at that address: is the server running?</source>
        <translation>该地址上没有服务在监听：服务器启动了吗？</translation>
    </message>
    <message>
        <location filename="../../ui/timeline_view.py" line="144"/>
        <source>the server&apos;s address cannot be reached from this computer</source>
        <translation>从这台电脑无法到达服务器的地址</translation>
    </message>
    <message>
        <location filename="../../ui/timeline_view.py" line="145"/>
        <source>the server&apos;s name could not be found (DNS)</source>
        <translation>找不到服务器的域名（DNS）</translation>
    </message>
    <message>
        <location filename="../../ui/timeline_view.py" line="146"/>
        <source>the server did not finish the handshake in time</source>
        <translation>服务器没有按时完成握手</translation>
    </message>
    <message>
        <location filename="../../ui/timeline_view.py" line="147"/>
        <source>the server&apos;s certificate is not trusted</source>
        <translation>服务器的证书不受信任</translation>
    </message>
    <message>
        <location filename="../../ui/timeline_view.py" line="148"/>
        <source>the server&apos;s certificate is for a different host name</source>
        <translation>服务器的证书属于另一个主机名</translation>
    </message>
    <message>
        <location filename="../../ui/timeline_view.py" line="149"/>
        <source>the server&apos;s certificate has expired</source>
        <translation>服务器的证书已过期</translation>
    </message>
    <message>
        <location filename="../../ui/timeline_view.py" line="150"/>
        <source>the secure (TLS) connection could not be set up</source>
        <translation>无法建立安全（TLS）连接</translation>
    </message>
    <message>
        <location filename="../../ui/timeline_view.py" line="151"/>
        <source>the server answered with an HTTP error instead of accepting the WebSocket</source>
        <translation>服务器返回了 HTTP 错误，而不是接受 WebSocket</translation>
    </message>
    <message>
        <location filename="../../ui/timeline_view.py" line="155"/>
        <source>the server&apos;s handshake answer was not a valid WebSocket answer</source>
        <translation>服务器的握手响应不是有效的 WebSocket 响应</translation>
    </message>
    <message>
        <location filename="../../ui/timeline_view.py" line="158"/>
        <source>the server did not agree on a subprotocol</source>
        <translation>服务器没有同意任何子协议</translation>
    </message>
    <message>
        <location filename="../../ui/timeline_view.py" line="159"/>
        <source>the server chose an extension that was not offered</source>
        <translation>服务器选择了客户端没有提供的扩展</translation>
    </message>
    <message>
        <location filename="../../ui/timeline_view.py" line="160"/>
        <source>the server broke the WebSocket protocol rules</source>
        <translation>服务器违反了 WebSocket 协议规则</translation>
    </message>
    <message>
        <location filename="../../ui/timeline_view.py" line="161"/>
        <source>the server sent text that is not valid UTF-8</source>
        <translation>服务器发送的文本不是有效的 UTF-8</translation>
    </message>
    <message>
        <location filename="../../ui/timeline_view.py" line="162"/>
        <source>the server sent a message larger than the allowed size</source>
        <translation>服务器发送的消息超过了允许的大小</translation>
    </message>
    <message>
        <location filename="../../ui/timeline_view.py" line="163"/>
        <source>the server never answered the close request</source>
        <translation>服务器始终没有回应关闭请求</translation>
    </message>
    <message>
        <location filename="../../ui/timeline_view.py" line="164"/>
        <source>an unexpected internal error happened</source>
        <translation>发生了意外的内部错误</translation>
    </message>
</context>
<context>
    <name>LogKind</name>
    <message>
        <location filename="../../ui/log_model.py" line="68"/>
        <source>call</source>
        <extracomment>Payload bytes the rows may keep alive; the oldest rows go first when over. ``data(index, ROW_ROLE)`` is the row&apos;s :class:`LogRow`.</extracomment>
        <translation>调用</translation>
    </message>
    <message>
        <location filename="../../ui/log_model.py" line="69"/>
        <source>callback</source>
        <translation>回调</translation>
    </message>
    <message>
        <location filename="../../ui/log_model.py" line="70"/>
        <source>listener</source>
        <translation>监听</translation>
    </message>
    <message>
        <location filename="../../ui/log_model.py" line="71"/>
        <source>state</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../ui/log_model.py" line="72"/>
        <source>handshake</source>
        <translation>握手</translation>
    </message>
    <message>
        <location filename="../../ui/log_model.py" line="73"/>
        <source>text</source>
        <translation>文本</translation>
    </message>
    <message>
        <location filename="../../ui/log_model.py" line="74"/>
        <source>binary</source>
        <translation>二进制</translation>
    </message>
    <message>
        <location filename="../../ui/log_model.py" line="75"/>
        <source>close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../ui/log_model.py" line="76"/>
        <source>ping/pong</source>
        <translation>心跳</translation>
    </message>
    <message>
        <location filename="../../ui/log_model.py" line="77"/>
        <source>error</source>
        <translation>错误</translation>
    </message>
    <message>
        <location filename="../../ui/log_model.py" line="78"/>
        <source>notice</source>
        <translation>提示</translation>
    </message>
</context>
<context>
    <name>LogTableModel</name>
    <message>
        <location filename="../../ui/log_model.py" line="120"/>
        <source>↓ in</source>
        <translation>↓ 收</translation>
    </message>
    <message>
        <location filename="../../ui/log_model.py" line="121"/>
        <source>↑ out</source>
        <translation>↑ 发</translation>
    </message>
    <message>
        <location filename="../../ui/log_model.py" line="157"/>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../ui/log_model.py" line="158"/>
        <source>Task</source>
        <translation>任务</translation>
    </message>
    <message>
        <location filename="../../ui/log_model.py" line="159"/>
        <source>Dir</source>
        <translation>方向</translation>
    </message>
    <message>
        <location filename="../../ui/log_model.py" line="160"/>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../ui/log_model.py" line="161"/>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <location filename="../../ui/log_model.py" line="162"/>
        <source>Summary</source>
        <translation>摘要</translation>
    </message>
    <message>
        <location filename="../../ui/log_model.py" line="163"/>
        <source>In plain words</source>
        <translation>通俗解释</translation>
    </message>
</context>
<context>
    <name>LogView</name>
    <message>
        <location filename="../../ui/log_view.py" line="255"/>
        <location filename="../../ui/log_view.py" line="285"/>
        <source>Log</source>
        <translation>日志</translation>
    </message>
    <message>
        <location filename="../../ui/log_view.py" line="256"/>
        <source>All tasks</source>
        <translation>全部任务</translation>
    </message>
    <message>
        <location filename="../../ui/log_view.py" line="257"/>
        <source>Show one SocketTask only</source>
        <translation>只显示一个 SocketTask</translation>
    </message>
    <message>
        <location filename="../../ui/log_view.py" line="258"/>
        <source>Both directions</source>
        <translation>双向</translation>
    </message>
    <message>
        <location filename="../../ui/log_view.py" line="259"/>
        <source>↓ In (to the page)</source>
        <translation>↓ 收（发往页面）</translation>
    </message>
    <message>
        <location filename="../../ui/log_view.py" line="260"/>
        <source>↑ Out (from the page)</source>
        <translation>↑ 发（来自页面）</translation>
    </message>
    <message>
        <location filename="../../ui/log_view.py" line="261"/>
        <source>Kinds</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../ui/log_view.py" line="262"/>
        <source>Choose which kinds of events are listed</source>
        <translation>选择要列出的事件类型</translation>
    </message>
    <message>
        <location filename="../../ui/log_view.py" line="263"/>
        <source>Show all kinds</source>
        <translation>显示全部类型</translation>
    </message>
    <message>
        <location filename="../../ui/log_view.py" line="270"/>
        <source>A saved session, read-only. Live events keep being recorded.</source>
        <translation>已保存的会话，只读。实时事件仍在继续记录。</translation>
    </message>
    <message>
        <location filename="../../ui/log_view.py" line="272"/>
        <source>Back to live</source>
        <translation>回到实时</translation>
    </message>
    <message>
        <location filename="../../ui/log_view.py" line="273"/>
        <source>Search messages, URLs, errors…</source>
        <translation>搜索消息、URL、错误…</translation>
    </message>
    <message>
        <location filename="../../ui/log_view.py" line="274"/>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <location filename="../../ui/log_view.py" line="276"/>
        <source>Stop following new rows (scrolling up does the same)</source>
        <translation>不再跟随新行（向上滚动也会暂停）</translation>
    </message>
    <message>
        <location filename="../../ui/log_view.py" line="278"/>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <location filename="../../ui/log_view.py" line="279"/>
        <source>Copy the selected rows (Ctrl+C)</source>
        <translation>复制选中的行（Ctrl+C）</translation>
    </message>
    <message>
        <location filename="../../ui/log_view.py" line="280"/>
        <source>Filter by task</source>
        <translation>按任务筛选</translation>
    </message>
    <message>
        <location filename="../../ui/log_view.py" line="281"/>
        <source>Filter by direction</source>
        <translation>按方向筛选</translation>
    </message>
    <message>
        <location filename="../../ui/log_view.py" line="282"/>
        <source>Filter by kind</source>
        <translation>按类型筛选</translation>
    </message>
    <message>
        <location filename="../../ui/log_view.py" line="283"/>
        <source>Search the log</source>
        <translation>搜索日志</translation>
    </message>
    <message>
        <location filename="../../ui/log_view.py" line="284"/>
        <source>Copy the selected log rows</source>
        <translation>复制选中的日志行</translation>
    </message>
    <message>
        <location filename="../../ui/log_view.py" line="286"/>
        <source>Log entry details</source>
        <translation>日志条目详情</translation>
    </message>
    <message>
        <location filename="../../ui/log_view.py" line="287"/>
        <source>Copy rows</source>
        <translation>复制行</translation>
    </message>
    <message>
        <location filename="../../ui/log_view.py" line="288"/>
        <source>Copy payload as JSON</source>
        <translation>以 JSON 复制内容</translation>
    </message>
    <message>
        <location filename="../../ui/log_view.py" line="290"/>
        <source>Select a row to see the whole payload: pretty JSON, or a hex dump for binary.</source>
        <translation>选中一行即可查看完整内容：格式化的 JSON，二进制则显示十六进制转储。</translation>
    </message>
    <message>
        <location filename="../../ui/log_view.py" line="467"/>
        <source>runtime</source>
        <translation>运行时</translation>
    </message>
    <message>
        <location filename="../../ui/log_view.py" line="468"/>
        <source>SocketTask #{0}</source>
        <translation>SocketTask #{0}</translation>
    </message>
    <message>
        <location filename="../../ui/log_view.py" line="563"/>
        <source>{0} new ↓</source>
        <translation>{0} 条新内容 ↓</translation>
    </message>
    <message>
        <location filename="../../ui/log_view.py" line="565"/>
        <source>Rows that arrived while paused: jump to the newest</source>
        <translation>暂停期间到达的行：跳到最新</translation>
    </message>
    <message>
        <location filename="../../ui/log_view.py" line="573"/>
        <source>{0} rows</source>
        <translation>{0} 行</translation>
    </message>
    <message>
        <location filename="../../ui/log_view.py" line="575"/>
        <source>{0} of {1} rows</source>
        <translation>{0} / {1} 行</translation>
    </message>
    <message>
        <location filename="../../ui/log_view.py" line="577"/>
        <source>{0} older dropped</source>
        <translation>已丢弃 {0} 行较早的记录</translation>
    </message>
    <message>
        <location filename="../../ui/log_view.py" line="601"/>
        <source>In plain words: {0}</source>
        <translation>通俗解释：{0}</translation>
    </message>
</context>
<context>
    <name>RateGauges</name>
    <message>
        <location filename="../../ui/gauges.py" line="157"/>
        <source>avg/s</source>
        <extracomment>Milliseconds between refreshes while data flows (four times a second). Samples kept for each sparkline (ten seconds).</extracomment>
        <translation>平均/秒</translation>
    </message>
    <message>
        <location filename="../../ui/gauges.py" line="157"/>
        <source>/s</source>
        <translation>/秒</translation>
    </message>
    <message>
        <location filename="../../ui/gauges.py" line="160"/>
        <source>messages in</source>
        <translation>收到消息</translation>
    </message>
    <message>
        <location filename="../../ui/gauges.py" line="162"/>
        <location filename="../../ui/gauges.py" line="169"/>
        <location filename="../../ui/gauges.py" line="176"/>
        <location filename="../../ui/gauges.py" line="183"/>
        <source>{0} in all</source>
        <translation>共 {0}</translation>
    </message>
    <message>
        <location filename="../../ui/gauges.py" line="167"/>
        <source>messages out</source>
        <translation>发出消息</translation>
    </message>
    <message>
        <location filename="../../ui/gauges.py" line="174"/>
        <source>bytes in</source>
        <translation>收到字节</translation>
    </message>
    <message>
        <location filename="../../ui/gauges.py" line="181"/>
        <source>bytes out</source>
        <translation>发出字节</translation>
    </message>
</context>
<context>
    <name>SaveOptionsDialog</name>
    <message>
        <location filename="../../ui/session_actions.py" line="72"/>
        <source>Save session</source>
        <extracomment>``report(title, message)``: how a failure is shown.</extracomment>
        <translation>保存会话</translation>
    </message>
    <message>
        <location filename="../../ui/session_actions.py" line="76"/>
        <source>Every event is saved with its timestamps. Authorization headers, cookies and token-like URL parameters are masked (***) unless you keep them.</source>
        <translation>每个事件都会连同时间戳一起保存。Authorization 头、Cookie 以及 URL 中类似令牌的参数都会被遮盖（***），除非你选择保留。</translation>
    </message>
    <message>
        <location filename="../../ui/session_actions.py" line="84"/>
        <source>Keep secrets unmasked (only for files you will not share)</source>
        <translation>保留敏感信息不遮盖（仅用于不会分享的文件）</translation>
    </message>
</context>
<context>
    <name>SessionActions</name>
    <message>
        <location filename="../../ui/session_actions.py" line="1"/>
        <source>A session is being saved; wait until it is written.</source>
        <translation>正在保存一个会话，请等它写完。</translation>
    </message>
    <message>
        <location filename="../../ui/session_actions.py" line="106"/>
        <source>Cannot save the session</source>
        <translation>无法保存会话</translation>
    </message>
    <message>
        <location filename="../../ui/session_actions.py" line="108"/>
        <source>There is nothing to save yet.</source>
        <translation>还没有可保存的内容。</translation>
    </message>
    <message>
        <location filename="../../ui/session_actions.py" line="118"/>
        <source>Save session</source>
        <translation>保存会话</translation>
    </message>
    <message>
        <location filename="../../ui/session_actions.py" line="120"/>
        <source>ttsocket sessions (*.jsonl)</source>
        <translation>ttsocket 会话 (*.jsonl)</translation>
    </message>
    <message>
        <location filename="../../ui/session_actions.py" line="134"/>
        <source>{0} could not be written: {1}</source>
        <translation>无法写入 {0}：{1}</translation>
    </message>
    <message>
        <location filename="../../ui/session_actions.py" line="153"/>
        <source>Open session</source>
        <translation>打开会话</translation>
    </message>
    <message>
        <location filename="../../ui/session_actions.py" line="155"/>
        <source>ttsocket sessions (*.jsonl);;All files (*)</source>
        <translation>ttsocket 会话 (*.jsonl);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../ui/session_actions.py" line="167"/>
        <source>Line {0}: </source>
        <translation>第 {0} 行：</translation>
    </message>
    <message>
        <location filename="../../ui/session_actions.py" line="172"/>
        <source>Cannot open the session</source>
        <translation>无法打开会话</translation>
    </message>
    <message>
        <location filename="../../ui/session_actions.py" line="190"/>
        <source>PNG image (*.png)</source>
        <translation>PNG 图片 (*.png)</translation>
    </message>
    <message>
        <location filename="../../ui/session_actions.py" line="192"/>
        <source>SVG drawing (*.svg)</source>
        <translation>SVG 矢量图 (*.svg)</translation>
    </message>
    <message>
        <location filename="../../ui/session_actions.py" line="196"/>
        <source>Export timeline</source>
        <translation>导出时间线</translation>
    </message>
    <message>
        <location filename="../../ui/session_actions.py" line="210"/>
        <source>Cannot export the timeline</source>
        <translation>无法导出时间线</translation>
    </message>
</context>
<context>
    <name>TaskStrip</name>
    <message>
        <location filename="../../ui/timeline_view.py" line="1510"/>
        <source>Close SocketTask #{0}</source>
        <translation>关闭 SocketTask #{0}</translation>
    </message>
    <message>
        <location filename="../../ui/timeline_view.py" line="1513"/>
        <source>SocketTask #{0}</source>
        <translation>SocketTask #{0}</translation>
    </message>
    <message>
        <location filename="../../ui/timeline_view.py" line="1582"/>
        <source>Close all</source>
        <translation>全部关闭</translation>
    </message>
    <message>
        <location filename="../../ui/timeline_view.py" line="1583"/>
        <source>Close every SocketTask that is open</source>
        <translation>关闭所有打开的 SocketTask</translation>
    </message>
    <message>
        <location filename="../../ui/timeline_view.py" line="1661"/>
        <source>Sockets {0} / {1}</source>
        <translation>连接 {0} / {1}</translation>
    </message>
    <message>
        <location filename="../../ui/timeline_view.py" line="1665"/>
        <source>The limit is reached: another connectSocket will fail until one closes.</source>
        <translation>已达上限：在有连接关闭之前，再调用 connectSocket 会失败。</translation>
    </message>
    <message>
        <location filename="../../ui/timeline_view.py" line="1671"/>
        <source>SocketTasks connecting, open or closing, against the limit of {0}.</source>
        <translation>正在连接、已打开或正在关闭的 SocketTask 数量，上限为 {0}。</translation>
    </message>
</context>
<context>
    <name>TimelineCanvas</name>
    <message>
        <location filename="../../ui/timeline_view.py" line="729"/>
        <source>{0} to {1} ({2})</source>
        <extracomment>Maps an axis key (slot or seconds) to a viewport x coordinate.</extracomment>
        <translation>{0} 至 {1}（{2}）</translation>
    </message>
    <message>
        <location filename="../../ui/timeline_view.py" line="758"/>
        <source>DNS {0:.1f} ms · TCP {1:.1f} ms · TLS {2:.1f} ms · handshake {3:.1f} ms</source>
        <translation>DNS {0:.1f} 毫秒 · TCP {1:.1f} 毫秒 · TLS {2:.1f} 毫秒 · 握手 {3:.1f} 毫秒</translation>
    </message>
    <message>
        <location filename="../../ui/timeline_view.py" line="763"/>
        <source>send() calls</source>
        <translation>次 send() 调用</translation>
    </message>
    <message>
        <location filename="../../ui/timeline_view.py" line="764"/>
        <source>callbacks and onMessage</source>
        <translation>个回调和 onMessage</translation>
    </message>
    <message>
        <location filename="../../ui/timeline_view.py" line="765"/>
        <source>frames sent</source>
        <translation>个发出的帧</translation>
    </message>
    <message>
        <location filename="../../ui/timeline_view.py" line="766"/>
        <source>frames received</source>
        <translation>个收到的帧</translation>
    </message>
    <message>
        <location filename="../../ui/timeline_view.py" line="767"/>
        <source>events</source>
        <translation>个事件</translation>
    </message>
    <message>
        <location filename="../../ui/timeline_view.py" line="770"/>
        <source>{0} {1} folded together ({2} to {3})</source>
        <translation>{0} {1}合并显示（{2} 至 {3}）</translation>
    </message>
    <message>
        <location filename="../../ui/timeline_view.py" line="774"/>
        <source>{0} bytes in all</source>
        <translation>共 {0} 字节</translation>
    </message>
    <message>
        <location filename="../../ui/timeline_view.py" line="775"/>
        <source>Zoom in (Ctrl + wheel) to see each one.</source>
        <translation>放大（Ctrl + 滚轮）可以逐个查看。</translation>
    </message>
    <message>
        <location filename="../../ui/timeline_view.py" line="779"/>
        <location filename="../../ui/timeline_view.py" line="784"/>
        <source>runtime</source>
        <translation>运行时</translation>
    </message>
    <message>
        <location filename="../../ui/timeline_view.py" line="780"/>
        <source>Task #{0}</source>
        <translation>任务 #{0}</translation>
    </message>
    <message>
        <location filename="../../ui/timeline_view.py" line="785"/>
        <source>SocketTask #{0}</source>
        <translation>SocketTask #{0}</translation>
    </message>
    <message>
        <location filename="../../ui/timeline_view.py" line="865"/>
        <source>The timeline draws itself as soon as a SocketTask is created: calls, callbacks, the handshake, every frame and the close.</source>
        <translation>一旦创建了 SocketTask，时间线就会自动绘制：调用、回调、握手、每一帧以及关闭。</translation>
    </message>
    <message>
        <location filename="../../ui/timeline_view.py" line="1252"/>
        <source>connection broken</source>
        <translation>连接中断</translation>
    </message>
    <message>
        <location filename="../../ui/timeline_view.py" line="1252"/>
        <source>connection failed</source>
        <translation>连接失败</translation>
    </message>
    <message>
        <location filename="../../ui/timeline_view.py" line="1301"/>
        <source>page</source>
        <translation>页面</translation>
    </message>
    <message>
        <location filename="../../ui/timeline_view.py" line="1302"/>
        <source>SocketTask</source>
        <translation>SocketTask</translation>
    </message>
    <message>
        <location filename="../../ui/timeline_view.py" line="1303"/>
        <source>server</source>
        <translation>服务器</translation>
    </message>
    <message>
        <location filename="../../ui/timeline_view.py" line="1343"/>
        <source>{0} in / {1} out</source>
        <translation>收 {0} / 发 {1}</translation>
    </message>
    <message>
        <location filename="../../ui/timeline_view.py" line="1356"/>
        <source>events →</source>
        <translation>事件 →</translation>
    </message>
    <message>
        <location filename="../../ui/timeline_view.py" line="1356"/>
        <source>time →</source>
        <translation>时间 →</translation>
    </message>
</context>
<context>
    <name>TimelineState</name>
    <message>
        <location filename="../../ui/timeline_view.py" line="168"/>
        <source>CONNECTING: the connection is being set up</source>
        <translation>CONNECTING：正在建立连接</translation>
    </message>
    <message>
        <location filename="../../ui/timeline_view.py" line="171"/>
        <source>OPEN: messages can flow both ways</source>
        <translation>OPEN：消息可以双向传递</translation>
    </message>
    <message>
        <location filename="../../ui/timeline_view.py" line="172"/>
        <source>CLOSING: the goodbye (close frames) is under way</source>
        <translation>CLOSING：正在道别（交换关闭帧）</translation>
    </message>
    <message>
        <location filename="../../ui/timeline_view.py" line="175"/>
        <source>CLOSED: the connection is over</source>
        <translation>CLOSED：连接已结束</translation>
    </message>
</context>
<context>
    <name>TimelineView</name>
    <message>
        <location filename="../../ui/timeline_view.py" line="1835"/>
        <source>Timeline</source>
        <translation>时间线</translation>
    </message>
    <message>
        <location filename="../../ui/timeline_view.py" line="1836"/>
        <source>Sequence</source>
        <translation>按顺序</translation>
    </message>
    <message>
        <location filename="../../ui/timeline_view.py" line="1837"/>
        <source>Time</source>
        <translation>按时间</translation>
    </message>
    <message>
        <location filename="../../ui/timeline_view.py" line="1839"/>
        <source>Sequence: one step per event, evenly spaced. Time: a real time axis.</source>
        <translation>按顺序：每个事件占一格，间距相同。按时间：真实的时间轴。</translation>
    </message>
    <message>
        <location filename="../../ui/timeline_view.py" line="1841"/>
        <source>Zoom out (Ctrl + wheel down)</source>
        <translation>缩小（Ctrl + 向下滚动）</translation>
    </message>
    <message>
        <location filename="../../ui/timeline_view.py" line="1842"/>
        <source>Zoom in (Ctrl + wheel up)</source>
        <translation>放大（Ctrl + 向上滚动）</translation>
    </message>
    <message>
        <location filename="../../ui/timeline_view.py" line="1843"/>
        <source>Fit</source>
        <translation>全部显示</translation>
    </message>
    <message>
        <location filename="../../ui/timeline_view.py" line="1844"/>
        <source>Show the whole session</source>
        <translation>显示整个会话</translation>
    </message>
    <message>
        <location filename="../../ui/timeline_view.py" line="1845"/>
        <source>Follow live</source>
        <translation>跟随最新</translation>
    </message>
    <message>
        <location filename="../../ui/timeline_view.py" line="1846"/>
        <source>Keep the newest events in view</source>
        <translation>始终显示最新的事件</translation>
    </message>
    <message>
        <location filename="../../ui/timeline_view.py" line="1847"/>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <location filename="../../ui/timeline_view.py" line="1848"/>
        <source>Save the timeline as a picture for a bug report</source>
        <translation>把时间线保存为图片，用于提交问题报告</translation>
    </message>
    <message>
        <location filename="../../ui/timeline_view.py" line="1849"/>
        <source>Export as PNG…</source>
        <translation>导出为 PNG…</translation>
    </message>
    <message>
        <location filename="../../ui/timeline_view.py" line="1850"/>
        <source>Export as SVG…</source>
        <translation>导出为 SVG…</translation>
    </message>
    <message>
        <location filename="../../ui/timeline_view.py" line="1851"/>
        <source>Zoom in</source>
        <translation>放大</translation>
    </message>
    <message>
        <location filename="../../ui/timeline_view.py" line="1852"/>
        <source>Zoom out</source>
        <translation>缩小</translation>
    </message>
    <message>
        <location filename="../../ui/timeline_view.py" line="1854"/>
        <source>Replay of a saved session: read-only. Live events keep being recorded.</source>
        <translation>正在回放已保存的会话：只读。实时事件仍在继续记录。</translation>
    </message>
    <message>
        <location filename="../../ui/timeline_view.py" line="1856"/>
        <source>Back to live</source>
        <translation>回到实时</translation>
    </message>
    <message>
        <location filename="../../ui/timeline_view.py" line="1858"/>
        <source>Hover over an event for a summary; click it to see its full payload here.</source>
        <translation>鼠标悬停在事件上可查看摘要；点击后在这里显示完整内容。</translation>
    </message>
    <message>
        <location filename="../../ui/timeline_view.py" line="1872"/>
        <source>↓ page → SocketTask → server   ↑ the way back</source>
        <translation>↓ 页面 → SocketTask → 服务器   ↑ 反方向</translation>
    </message>
    <message>
        <location filename="../../ui/timeline_view.py" line="1916"/>
        <source>{0} later frames not drawn</source>
        <translation>后续 {0} 帧未绘制</translation>
    </message>
    <message>
        <location filename="../../ui/timeline_view.py" line="1919"/>
        <source>The timeline keeps at most {0} events to stay fast; later frames are still counted (see the task totals) and listed in the log.</source>
        <translation>为保持流畅，时间线最多保留 {0} 个事件；之后的帧仍会计数（见任务合计），并列在日志中。</translation>
    </message>
    <message>
        <location filename="../../ui/timeline_view.py" line="2078"/>
        <source>First of them:</source>
        <translation>其中第一个：</translation>
    </message>
    <message>
        <location filename="../../ui/timeline_view.py" line="2091"/>
        <source>In plain words: {0}</source>
        <translation>通俗解释：{0}</translation>
    </message>
</context>
</TS>
