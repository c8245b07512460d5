<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
    <context>
        <name>ConfigProblem</name>
        <message>
            <location filename="../../ui/settings_panel.py" line="105" />
            <source>not a usable WebSocket URL: {detail}</source>
            <translation>不是可用的 WebSocket 地址：{detail}</translation>
        </message>
        <message>
            <location filename="../../ui/settings_panel.py" line="106" />
            <source>with the embedded server off, a URL is needed</source>
            <translation>已关闭内置服务器，需要填写 URL</translation>
        </message>
        <message>
            <location filename="../../ui/settings_panel.py" line="109" />
            <source>release mode will refuse this URL: only wss:// is allowed</source>
            <translation>线上模式会拒绝此 URL：只允许 wss://</translation>
        </message>
        <message>
            <location filename="../../ui/settings_panel.py" line="112" />
            <source>{host} is not a legal domain: connecting will be refused</source>
            <translation>{host} 不是合法域名：连接会被拒绝</translation>
        </message>
        <message>
            <location filename="../../ui/settings_panel.py" line="115" />
            <source>the embedded server ({host}) is not a legal domain: connecting will be refused</source>
            <translation>内置服务器（{host}）不是合法域名：连接会被拒绝</translation>
        </message>
        <message>
            <location filename="../../ui/settings_panel.py" line="119" />
            <source>a header has a value but no name</source>
            <translation>有一个 header 只有值、没有名称</translation>
        </message>
        <message>
            <location filename="../../ui/settings_panel.py" line="120" />
            <source>header name {name!r} is not a valid HTTP token</source>
            <translation>header 名称 {name!r} 不是有效的 HTTP token</translation>
        </message>
        <message>
            <location filename="../../ui/settings_panel.py" line="123" />
            <source>header {name!r} is set by the runtime and cannot be changed</source>
            <translation>header {name!r} 由运行时设置，不能修改</translation>
        </message>
        <message>
            <location filename="../../ui/settings_panel.py" line="126" />
            <source>header {name!r}: the value contains a control character</source>
            <translation>header {name!r}：值中含有控制字符</translation>
        </message>
        <message>
            <location filename="../../ui/settings_panel.py" line="129" />
            <source>header {name!r}: the value must be ISO-8859-1 (Latin-1) text</source>
            <translation>header {name!r}：值必须是 ISO-8859-1（Latin-1）文本</translation>
        </message>
        <message>
            <location filename="../../ui/settings_panel.py" line="132" />
            <source>header {name!r} is listed twice</source>
            <translation>header {name!r} 重复出现</translation>
        </message>
        <message>
            <location filename="../../ui/settings_panel.py" line="133" />
            <source>Referer is never sent: tt.connectSocket drops it</source>
            <translation>Referer 永远不会发送：tt.connectSocket 会丢弃它</translation>
        </message>
        <message>
            <location filename="../../ui/settings_panel.py" line="136" />
            <source>the runtime refuses this header: {detail}</source>
            <translation>运行时拒绝此 header：{detail}</translation>
        </message>
        <message>
            <location filename="../../ui/settings_panel.py" line="139" />
            <source>protocol {name!r} is not a valid token</source>
            <translation>子协议 {name!r} 不是有效的 token</translation>
        </message>
        <message>
            <location filename="../../ui/settings_panel.py" line="140" />
            <source>protocol {name!r} is listed twice</source>
            <translation>子协议 {name!r} 重复出现</translation>
        </message>
        <message>
            <location filename="../../ui/settings_panel.py" line="141" />
            <source>timeout must be a whole number of milliseconds</source>
            <translation>超时必须是整数毫秒</translation>
        </message>
        <message>
            <location filename="../../ui/settings_panel.py" line="144" />
            <source>timeout must be between 1 ms and 24 hours (86400000 ms)</source>
            <translation>超时必须在 1 毫秒到 24 小时（86400000 毫秒）之间</translation>
        </message>
        <message>
            <location filename="../../ui/settings_panel.py" line="147" />
            <source>not HOST or HOST:PORT: {detail}</source>
            <translation>不是 HOST 或 HOST:PORT：{detail}</translation>
        </message>
        <message>
            <location filename="../../ui/settings_panel.py" line="148" />
            <source>no legal domains: every connection will be refused</source>
            <translation>没有合法域名：所有连接都会被拒绝</translation>
        </message>
        <message>
            <location filename="../../ui/settings_panel.py" line="151" />
            <source>release mode always checks legal domains</source>
            <translation>线上模式总是检查合法域名</translation>
        </message>
        <message>
            <location filename="../../ui/settings_panel.py" line="154" />
            <source>CA file not found: {path}</source>
            <translation>找不到 CA 文件：{path}</translation>
        </message>
        <message>
            <location filename="../../ui/settings_panel.py" line="155" />
            <source>not a file: {path}</source>
            <translation>不是文件：{path}</translation>
        </message>
        <message>
            <location filename="../../ui/settings_panel.py" line="156" />
            <source>cannot read the CA file: {detail}</source>
            <translation>无法读取 CA 文件：{detail}</translation>
        </message>
        <message>
            <location filename="../../ui/settings_panel.py" line="157" />
            <source>{path} is too large to be a CA certificate file</source>
            <translation>{path} 太大，不像是 CA 证书文件</translation>
        </message>
        <message>
            <location filename="../../ui/settings_panel.py" line="160" />
            <source>{path} holds no PEM certificate</source>
            <translation>{path} 中没有 PEM 证书</translation>
        </message>
        <message>
            <location filename="../../ui/settings_panel.py" line="161" />
            <source>language must be one of {choices}</source>
            <translation>语言必须是以下之一：{choices}</translation>
        </message>
        <message>
            <location filename="../../ui/settings_panel.py" line="162" />
            <source>unknown scenario {name!r}; known: {choices}</source>
            <translation>未知场景 {name!r}；可用：{choices}</translation>
        </message>
        <message>
            <location filename="../../ui/settings_panel.py" line="165" />
            <source>{detail}</source>
            <translation>{detail}</translation>
        </message>
    </context>
    <context>
        <name>HeadersModel</name>
        <message>
            <location filename="../../ui/settings_panel.py" line="294" />
            <source>Name</source>
            <translation>名称</translation>
        </message>
        <message>
            <location filename="../../ui/settings_panel.py" line="294" />
            <source>Value</source>
            <translation>值</translation>
        </message>
        <message>
            <location filename="../../ui/settings_panel.py" line="294" />
            <source>Note</source>
            <translation>说明</translation>
        </message>
        <message>
            <location filename="../../ui/settings_panel.py" line="318" />
            <source>invalid</source>
            <translation>无效</translation>
        </message>
        <message>
            <location filename="../../ui/settings_panel.py" line="319" />
            <source>never sent</source>
            <translation>不会发送</translation>
        </message>
        <message>
            <location filename="../../ui/settings_panel.py" line="336" />
            <source>tt.connectSocket does not support the Referer header: it is never sent.</source>
            <translation>tt.connectSocket 不支持 Referer header：它永远不会被发送。</translation>
        </message>
    </context>
    <context>
        <name>ScenarioPicker</name>
        <message>
            <location filename="../../ui/scenario_picker.py" line="73" />
            <source>Echo</source>
            <translation>回显</translation>
        </message>
        <message>
            <location filename="../../ui/scenario_picker.py" line="74" />
            <source>Echo and periodic push</source>
            <translation>回显并定时推送</translation>
        </message>
        <message>
            <location filename="../../ui/scenario_picker.py" line="75" />
            <source>Close after N messages</source>
            <translation>N 条消息后关闭</translation>
        </message>
        <message>
            <location filename="../../ui/scenario_picker.py" line="76" />
            <source>Drop the connection</source>
            <translation>断开 TCP 连接</translation>
        </message>
        <message>
            <location filename="../../ui/scenario_picker.py" line="77" />
            <source>Subprotocol: require, ignore or force</source>
            <translation>子协议：要求、忽略或强制</translation>
        </message>
        <message>
            <location filename="../../ui/scenario_picker.py" line="78" />
            <source>Reject the handshake</source>
            <translation>拒绝握手</translation>
        </message>
        <message>
            <location filename="../../ui/scenario_picker.py" line="79" />
            <source>Slow handshake</source>
            <translation>慢握手</translation>
        </message>
        <message>
            <location filename="../../ui/scenario_picker.py" line="80" />
            <source>Binary messages</source>
            <translation>二进制消息</translation>
        </message>
        <message>
            <location filename="../../ui/scenario_picker.py" line="81" />
            <source>Burst of messages</source>
            <translation>消息突发</translation>
        </message>
        <message>
            <location filename="../../ui/scenario_picker.py" line="86" />
            <source>Echoes every message back as the same type.</source>
            <translation>把每条消息按原类型原样发回。</translation>
        </message>
        <message>
            <location filename="../../ui/scenario_picker.py" line="87" />
            <source>Echoes messages and also pushes a numbered JSON message every interval.</source>
            <translation>回显消息，并每隔一段时间推送一条带序号的 JSON 消息。</translation>
        </message>
        <message>
            <location filename="../../ui/scenario_picker.py" line="91" />
            <source>Echoes n messages, then closes the connection with the given code and reason.</source>
            <translation>回显 n 条消息后，用指定的关闭码和原因关闭连接。</translation>
        </message>
        <message>
            <location filename="../../ui/scenario_picker.py" line="95" />
            <source>Drops the TCP connection without a close frame when message n arrives.</source>
            <translation>收到第 n 条消息时直接断开 TCP 连接，不发送关闭帧。</translation>
        </message>
        <message>
            <location filename="../../ui/scenario_picker.py" line="99" />
            <source>Requires a subprotocol, ignores the client's offer, or forces one it never offered.</source>
            <translation>要求指定子协议、忽略客户端提供的子协议，或强制选用客户端未提供的子协议。</translation>
        </message>
        <message>
            <location filename="../../ui/scenario_picker.py" line="103" />
            <source>Refuses the handshake with the given HTTP status.</source>
            <translation>用指定的 HTTP 状态码拒绝握手。</translation>
        </message>
        <message>
            <location filename="../../ui/scenario_picker.py" line="106" />
            <source>Waits before answering the handshake, then echoes.</source>
            <translation>延迟一段时间再响应握手，之后回显。</translation>
        </message>
        <message>
            <location filename="../../ui/scenario_picker.py" line="109" />
            <source>Sends a 16-byte binary greeting, then echoes every message back as binary.</source>
            <translation>先发送一条 16 字节的二进制问候，之后把每条消息以二进制发回。</translation>
        </message>
        <message>
            <location filename="../../ui/scenario_picker.py" line="113" />
            <source>Sends n numbered text messages of size bytes on open and after each message received.</source>
            <translation>连接建立时以及每收到一条消息后，发送 n 条带序号、每条 size 字节的文本消息。</translation>
        </message>
        <message>
            <location filename="../../ui/scenario_picker.py" line="121" />
            <source>Expect onOpen, then one onMessage for each message you send.</source>
            <translation>预期：onOpen，之后每发送一条消息就有一次 onMessage。</translation>
        </message>
        <message>
            <location filename="../../ui/scenario_picker.py" line="124" />
            <source>Expect onOpen, then an onMessage every interval, even if you send nothing.</source>
            <translation>预期：onOpen，之后即使不发送，也每隔一段时间有一次 onMessage。</translation>
        </message>
        <message>
            <location filename="../../ui/scenario_picker.py" line="128" />
            <source>Expect n echoes, then onClose with this code and reason, and no onError.</source>
            <translation>预期：n 次回显，然后 onClose 带上这里的关闭码和原因，没有 onError。</translation>
        </message>
        <message>
            <location filename="../../ui/scenario_picker.py" line="132" />
            <source>Expect onError, then onClose with code 1006: no close frame arrived.</source>
            <translation>预期：onError，然后 onClose 关闭码 1006：没有收到关闭帧。</translation>
        </message>
        <message>
            <location filename="../../ui/scenario_picker.py" line="135" />
            <source>Expect onOpen only if Protocols in the settings lists this name; otherwise HTTP 400: onError, then onClose 1006.</source>
            <translation>预期：只有设置中的子协议列出此名称时才会 onOpen；否则 HTTP 400：onError，然后 onClose 1006。</translation>
        </message>
        <message>
            <location filename="../../ui/scenario_picker.py" line="140" />
            <source>Expect onOpen with no protocol when Protocols is empty; with any protocols set, onError: the server selected none.</source>
            <translation>预期：子协议为空时 onOpen 且没有协议；设置了任何子协议时 onError：服务器一个都没选。</translation>
        </message>
        <message>
            <location filename="../../ui/scenario_picker.py" line="145" />
            <source>Expect onOpen only if Protocols lists this name; otherwise onError: the server chose a protocol that was not offered.</source>
            <translation>预期：只有子协议列出此名称时才会 onOpen；否则 onError：服务器选了客户端没有提供的协议。</translation>
        </message>
        <message>
            <location filename="../../ui/scenario_picker.py" line="150" />
            <source>Expect onError naming the HTTP status, then onClose with code 1006.</source>
            <translation>预期：onError 中给出 HTTP 状态码，然后 onClose 关闭码 1006。</translation>
        </message>
        <message>
            <location filename="../../ui/scenario_picker.py" line="153" />
            <source>Expect onOpen after the delay, or onError (timeout) if the timeout setting is shorter.</source>
            <translation>预期：延迟过后 onOpen；如果超时设置更短，则 onError（超时）。</translation>
        </message>
        <message>
            <location filename="../../ui/scenario_picker.py" line="157" />
            <source>Expect a 16-byte ArrayBuffer message on open; what you send comes back as binary.</source>
            <translation>预期：连接后收到一条 16 字节的 ArrayBuffer 消息；发送的内容会以二进制返回。</translation>
        </message>
        <message>
            <location filename="../../ui/scenario_picker.py" line="161" />
            <source>Expect n onMessage calls at once on open, and again after each message you send.</source>
            <translation>预期：连接后立即有 n 次 onMessage，之后每发送一条消息再来 n 次。</translation>
        </message>
        <message>
            <location filename="../../ui/scenario_picker.py" line="169" />
            <source>Interval</source>
            <translation>间隔</translation>
        </message>
        <message>
            <location filename="../../ui/scenario_picker.py" line="170" />
            <location filename="../../ui/scenario_picker.py" line="178" />
            <source>Messages (n)</source>
            <translation>消息数（n）</translation>
        </message>
        <message>
            <location filename="../../ui/scenario_picker.py" line="171" />
            <source>Close code</source>
            <translation>关闭码</translation>
        </message>
        <message>
            <location filename="../../ui/scenario_picker.py" line="172" />
            <source>Close reason</source>
            <translation>关闭原因</translation>
        </message>
        <message>
            <location filename="../../ui/scenario_picker.py" line="173" />
            <source>Drop at message (n)</source>
            <translation>在第 n 条消息断开</translation>
        </message>
        <message>
            <location filename="../../ui/scenario_picker.py" line="174" />
            <source>Behaviour</source>
            <translation>行为</translation>
        </message>
        <message>
            <location filename="../../ui/scenario_picker.py" line="175" />
            <source>Subprotocol</source>
            <translation>子协议</translation>
        </message>
        <message>
            <location filename="../../ui/scenario_picker.py" line="176" />
            <source>HTTP status</source>
            <translation>HTTP 状态码</translation>
        </message>
        <message>
            <location filename="../../ui/scenario_picker.py" line="177" />
            <source>Delay</source>
            <translation>延迟</translation>
        </message>
        <message>
            <location filename="../../ui/scenario_picker.py" line="179" />
            <source>Size</source>
            <translation>大小</translation>
        </message>
        <message>
            <location filename="../../ui/scenario_picker.py" line="184" />
            <source>Milliseconds between pushes.</source>
            <translation>两次推送之间的毫秒数。</translation>
        </message>
        <message>
            <location filename="../../ui/scenario_picker.py" line="185" />
            <source>Messages to echo before closing (0: close at once).</source>
            <translation>关闭前回显的消息数（0：立即关闭）。</translation>
        </message>
        <message>
            <location filename="../../ui/scenario_picker.py" line="188" />
            <source>Close code.</source>
            <translation>关闭码。</translation>
        </message>
        <message>
            <location filename="../../ui/scenario_picker.py" line="189" />
            <source>Close reason.</source>
            <translation>关闭原因。</translation>
        </message>
        <message>
            <location filename="../../ui/scenario_picker.py" line="190" />
            <source>Message that triggers the drop (0: right after the handshake).</source>
            <translation>触发断开的消息序号（0：握手后立即断开）。</translation>
        </message>
        <message>
            <location filename="../../ui/scenario_picker.py" line="193" />
            <source>require: HTTP 400 unless offered; ignore: select none; force: select it anyway.</source>
            <translation>require：未提供则 HTTP 400；ignore：一个都不选；force：无论如何都选它。</translation>
        </message>
        <message>
            <location filename="../../ui/scenario_picker.py" line="197" />
            <source>Subprotocol name.</source>
            <translation>子协议名称。</translation>
        </message>
        <message>
            <location filename="../../ui/scenario_picker.py" line="198" />
            <source>HTTP status code.</source>
            <translation>HTTP 状态码。</translation>
        </message>
        <message>
            <location filename="../../ui/scenario_picker.py" line="199" />
            <source>Milliseconds to hold the handshake response.</source>
            <translation>握手响应延迟的毫秒数。</translation>
        </message>
        <message>
            <location filename="../../ui/scenario_picker.py" line="202" />
            <source>Messages per burst.</source>
            <translation>每次突发的消息数。</translation>
        </message>
        <message>
            <location filename="../../ui/scenario_picker.py" line="203" />
            <source>Bytes per message.</source>
            <translation>每条消息的字节数。</translation>
        </message>
        <message>
            <location filename="../../ui/scenario_picker.py" line="208" />
            <source>HTTP 400 unless offered</source>
            <translation>未提供则 HTTP 400</translation>
        </message>
        <message>
            <location filename="../../ui/scenario_picker.py" line="209" />
            <source>select none</source>
            <translation>一个都不选</translation>
        </message>
        <message>
            <location filename="../../ui/scenario_picker.py" line="210" />
            <source>select it even if not offered</source>
            <translation>即使未提供也选它</translation>
        </message>
        <message>
            <location filename="../../ui/scenario_picker.py" line="398" />
            <source>Scenario</source>
            <translation>场景</translation>
        </message>
        <message>
            <location filename="../../ui/scenario_picker.py" line="399" />
            <source>This scenario has no parameters.</source>
            <translation>此场景没有参数。</translation>
        </message>
        <message>
            <location filename="../../ui/scenario_picker.py" line="400" />
            <source>Listener</source>
            <translation>连接类型</translation>
        </message>
        <message>
            <location filename="../../ui/scenario_picker.py" line="401" />
            <source>Plain WebSocket (test mode only)</source>
            <translation>普通 WebSocket（仅测试模式）</translation>
        </message>
        <message>
            <location filename="../../ui/scenario_picker.py" line="404" />
            <source>WebSocket over TLS, with a certificate from the app's own CA, trusted for this server only</source>
            <translation>基于 TLS 的 WebSocket，证书由本应用自己的 CA 签发，只对这个服务器受信任</translation>
        </message>
        <message>
            <location filename="../../ui/scenario_picker.py" line="408" />
            <source>URL</source>
            <translation>URL</translation>
        </message>
        <message>
            <location filename="../../ui/scenario_picker.py" line="409" />
            <source>Copy</source>
            <translation>复制</translation>
        </message>
        <message>
            <location filename="../../ui/scenario_picker.py" line="410" />
            <source>Copy the URL, e.g. for --url or another client</source>
            <translation>复制 URL，例如用于 --url 或其他客户端</translation>
        </message>
        <message>
            <location filename="../../ui/scenario_picker.py" line="516" />
            <source>Fix the parameter above to get a URL</source>
            <translation>修正上面的参数后才能得到 URL</translation>
        </message>
        <message>
            <location filename="../../ui/scenario_picker.py" line="518" />
            <source>The embedded server is not running</source>
            <translation>内置服务器未运行</translation>
        </message>
        <message>
            <location filename="../../ui/scenario_picker.py" line="536" />
            <source>{label}: {value} is not a known HTTP status</source>
            <translation>{label}：{value} 不是已知的 HTTP 状态码</translation>
        </message>
        <message>
            <location filename="../../ui/scenario_picker.py" line="540" />
            <source>{label}: {value} is not allowed; allowed: {ranges}</source>
            <translation>{label}：不允许 {value}；允许：{ranges}</translation>
        </message>
        <message>
            <location filename="../../ui/scenario_picker.py" line="547" />
            <source>{label}: use letters, digits and !#$%&amp;'*+-.^_`|~ only, at least one</source>
            <translation>{label}：只能使用字母、数字和 !#$%&amp;'*+-.^_`|~，且不能为空</translation>
        </message>
        <message>
            <location filename="../../ui/scenario_picker.py" line="550" />
            <source>{label}: at most {count} bytes of UTF-8</source>
            <translation>{label}：最多 {count} 字节（UTF-8）</translation>
        </message>
    </context>
    <context>
        <name>SettingsPanel</name>
        <message>
            <location filename="../../ui/settings_panel.py" line="500" />
            <source>Some stored settings were not valid and were reset:</source>
            <translation>部分已保存的设置无效，已恢复为默认值：</translation>
        </message>
        <message>
            <location filename="../../ui/settings_panel.py" line="719" />
            <source>Connection (connectSocket options)</source>
            <translation>连接（connectSocket 参数）</translation>
        </message>
        <message>
            <location filename="../../ui/settings_panel.py" line="720" />
            <source>Runtime rules</source>
            <translation>运行时规则</translation>
        </message>
        <message>
            <location filename="../../ui/settings_panel.py" line="721" />
            <source>Display</source>
            <translation>显示</translation>
        </message>
        <message>
            <location filename="../../ui/settings_panel.py" line="722" />
            <source>URL</source>
            <translation>URL</translation>
        </message>
        <message>
            <location filename="../../ui/settings_panel.py" line="723" />
            <source>Empty: the embedded demo server</source>
            <translation>留空：使用内置演示服务器</translation>
        </message>
        <message>
            <location filename="../../ui/settings_panel.py" line="726" />
            <source>Leave empty to connect to the embedded server, acting out the scenario picked in Scenarios.</source>
            <translation>留空则连接内置服务器，按“场景”中选择的场景运行。</translation>
        </message>
        <message>
            <location filename="../../ui/settings_panel.py" line="730" />
            <source>Headers</source>
            <translation>Header</translation>
        </message>
        <message>
            <location filename="../../ui/settings_panel.py" line="731" />
            <source>Add header</source>
            <translation>添加 header</translation>
        </message>
        <message>
            <location filename="../../ui/settings_panel.py" line="732" />
            <source>Remove</source>
            <translation>删除</translation>
        </message>
        <message>
            <location filename="../../ui/settings_panel.py" line="734" />
            <source>Protocols</source>
            <translation>子协议</translation>
        </message>
        <message>
            <location filename="../../ui/settings_panel.py" line="735" />
            <source>None; separate several with commas</source>
            <translation>无；多个用逗号分隔</translation>
        </message>
        <message>
            <location filename="../../ui/settings_panel.py" line="736" />
            <source>Timeout</source>
            <translation>超时</translation>
        </message>
        <message>
            <location filename="../../ui/settings_panel.py" line="738" />
            <source>ms (handshake deadline)</source>
            <translation>毫秒（握手时限）</translation>
        </message>
        <message>
            <location filename="../../ui/settings_panel.py" line="739" />
            <source>Mode</source>
            <translation>模式</translation>
        </message>
        <message>
            <location filename="../../ui/settings_panel.py" line="740" />
            <source>Test: ws:// and wss://</source>
            <translation>测试模式：ws:// 和 wss://</translation>
        </message>
        <message>
            <location filename="../../ui/settings_panel.py" line="741" />
            <source>Release: wss:// on legal domains only</source>
            <translation>线上模式：仅合法域名上的 wss://</translation>
        </message>
        <message>
            <location filename="../../ui/settings_panel.py" line="742" />
            <source>Legal domains</source>
            <translation>合法域名</translation>
        </message>
        <message>
            <location filename="../../ui/settings_panel.py" line="743" />
            <source>One HOST or HOST:PORT per line</source>
            <translation>每行一个 HOST 或 HOST:PORT</translation>
        </message>
        <message>
            <location filename="../../ui/settings_panel.py" line="744" />
            <source>Skip the legal-domain check (test mode only)</source>
            <translation>跳过合法域名检查（仅测试模式）</translation>
        </message>
        <message>
            <location filename="../../ui/settings_panel.py" line="745" />
            <source>Extra CA file</source>
            <translation>额外 CA 文件</translation>
        </message>
        <message>
            <location filename="../../ui/settings_panel.py" line="746" />
            <source>None: the system's certificates only</source>
            <translation>无：只使用系统证书</translation>
        </message>
        <message>
            <location filename="../../ui/settings_panel.py" line="747" />
            <source>Browse…</source>
            <translation>浏览…</translation>
        </message>
        <message>
            <location filename="../../ui/settings_panel.py" line="748" />
            <source>Allow several connections at once</source>
            <translation>允许同时建立多个连接</translation>
        </message>
        <message>
            <location filename="../../ui/settings_panel.py" line="751" />
            <source>The sample page creates one WebSocket. With this on, each Create makes a new one, up to the runtime's limit of 5.</source>
            <translation>示例页面只创建一个 WebSocket。开启后，每次点击创建都会新建一个，最多为运行时上限 5 个。</translation>
        </message>
        <message>
            <location filename="../../ui/settings_panel.py" line="755" />
            <source>Presenter mode: larger type, secret values masked</source>
            <translation>演示者模式：字号更大，隐藏敏感值</translation>
        </message>
        <message>
            <location filename="../../ui/settings_panel.py" line="756" />
            <source>Defaults</source>
            <translation>默认值</translation>
        </message>
        <message>
            <location filename="../../ui/settings_panel.py" line="757" />
            <source>Revert</source>
            <translation>撤销修改</translation>
        </message>
        <message>
            <location filename="../../ui/settings_panel.py" line="758" />
            <source>Apply</source>
            <translation>应用</translation>
        </message>
        <message>
            <location filename="../../ui/settings_panel.py" line="855" />
            <source>Release mode always checks legal domains.</source>
            <translation>线上模式总是检查合法域名。</translation>
        </message>
        <message>
            <location filename="../../ui/settings_panel.py" line="864" />
            <source>(+{count} more)</source>
            <translation>（另有 {count} 项）</translation>
        </message>
        <message>
            <location filename="../../ui/settings_panel.py" line="894" />
            <source>Settings to fix before applying: {count}</source>
            <translation>应用前需要修正的设置：{count} 项</translation>
        </message>
        <message>
            <location filename="../../ui/settings_panel.py" line="898" />
            <source>Changes not applied yet</source>
            <translation>修改尚未应用</translation>
        </message>
        <message>
            <location filename="../../ui/settings_panel.py" line="928" />
            <source>Choose a CA certificate</source>
            <translation>选择 CA 证书</translation>
        </message>
        <message>
            <location filename="../../ui/settings_panel.py" line="930" />
            <source>PEM certificates (*.pem *.crt *.cer);;All files (*)</source>
            <translation>PEM 证书 (*.pem *.crt *.cer);;所有文件 (*)</translation>
        </message>
    </context>
</TS>
