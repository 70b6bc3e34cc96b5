"""Every sentence a user reads, in one place (Simplified Chinese; English where the question was)."""

REFUSED = "报告中没有找到关于“{topic}”的相关信息。"
REFUSED_EN = "The report does not contain this information."
NEAREST = "最接近的内容见："
NEAREST_EN = "The nearest sections are:"
EN_PREFIX = "From the report (quoted in the original Chinese):"
EMPTY_QUESTION = "问题不能为空，请输入您想了解的内容。"
TOO_LONG = "问题太长了（最多 {limit} 个字），请精简后再问。"
BAD_BATCH_LINE = "第 {line} 行不是有效的 JSON 对象（需要 {{\"question\": \"…\"}}）。"
NO_INDEX = "索引尚未建立，请先运行：python -m bot index"

# -- chat page, HTTP API and widget (bot/ui.py, bot/api.py) ----------------------------
APP_TITLE = "无锡市教育局工作报告问答"
APP_INTRO = "根据《{title}》回答您的问题，每个回答都附有报告原文出处。"
APP_FOOTER = "回答摘自报告原文，仅供参考；请以官方发布的文件为准。"
EXAMPLES_LABEL = "试试这些问题"
EXAMPLES = [  # both parts of the report: 上半年任务完成情况 / 下半年工作计划安排
    "上半年学生资助的金额是多少？",
    "疫情期间向多少中小学生提供了在线教学？",
    "普惠性幼儿园覆盖率达到多少？",
    "下半年要新建多少个融合教育资源中心？",
    "下半年如何做好学生近视防控？",
    "下半年南京理工大学江阴校区有什么进展？",
]
INPUT_PLACEHOLDER = "请输入您的问题"
CHAT_LABEL = "对话"
CHAT_PLACEHOLDER = "您好！我根据这份工作报告回答问题，每个回答都附有报告原文出处。请在下方输入问题，或点一个示例问题："
SEND = "提问"
THINKING = "正在查找报告……"
SOURCES = "来源"
FEEDBACK_THANKS = "感谢您的反馈！"
BAD_JSON = "请求内容不是有效的 JSON（需要 UTF-8 编码的 JSON 对象），请检查后重试。"
BAD_FIELDS = "请求格式不正确：{detail}。正确格式：{{\"question\": \"问题\", \"history\": []}}"
FIELD_MISSING = "缺少字段 {field}"
FIELD_TYPE = "字段 {field} 的类型不对"
FIELD_EXTRA = "不认识的字段 {field}"
BODY_TOO_LARGE = "请求内容太大（最多 {limit} KB），请精简后再试。"
NOT_FOUND = "没有这个接口。可用接口：POST /api/chat、POST /api/feedback、GET /healthz，说明见 /docs。"
METHOD_NOT_ALLOWED = "{path} 只接受 {method} 请求。"
INTERNAL_ERROR = "服务暂时出错，请稍后再试。"

# -- staff report (python -m bot report) -------------------------------------------------
REPORT_REFUSED = "未能回答的问题（共 {total} 次，{distinct} 个不同问题）"
REPORT_DISLIKED = "被点踩（👎）的回答（共 {total} 次，{distinct} 条不同回答）"
REPORT_NONE = "（无）"
REPORT_NO_DATA = "还没有反馈数据（{path} 不存在）。"
REPORT_BAD_DATE = "日期格式不对：{value}（应为 YYYY-MM-DD，例如 2020-07-01）"
REPORT_NO_DATABASE = "无法连接反馈数据库（BOT_DATABASE_URL 所指的 PostgreSQL），请检查它是否在运行、地址和密码是否正确。"
REPORT_HEAD_COUNT = "次数"
REPORT_HEAD_LAST = "最近一次"
REPORT_HEAD_QUESTION = "问题"
REPORT_HEAD_ANSWER = "回答"
FIELD_TOO_LONG = "字段 {field} 太长"
ORIGIN_NOT_ALLOWED = "此网站未获准调用问答接口（请联系管理员把它加入 BOT_ALLOWED_ORIGINS）。"
RELATED = "相关段落"
BODY_NOT_OBJECT = "请求内容必须是 JSON 对象（Content-Type: application/json）"
LLM_WITHHELD = "生成的回答未能与报告原文逐项核对，已改为显示报告原句。"
LLM_UNAVAILABLE = "大模型服务暂时不可用，已改为显示报告原句。"
RATE_LIMITED = "提问太频繁了，请 {seconds} 秒后再试。"
BUSY = "服务正忙，请稍后再试。"

# -- many documents, index updates, Chroma server (bot/index.py, bot/store.py, bot/chain.py) --------
UNKNOWN_DOC = "没有这份文档：{doc}。可选：{choices}"
CHROMA_UNREACHABLE = "无法连接 Chroma 服务器 {url}（{error}）。请先启动它（chroma run --path DIR --host HOST --port PORT），或去掉 BOT_CHROMA_HOST 改用内嵌存储。"
INDEX_OLD_FORMAT = "索引格式已过时，请运行：python -m bot index"
INDEX_MISMATCH = "索引与语料不一致，请运行 python -m bot index --rebuild"
INDEX_RELEASED = "这一版索引已被新版本替换并释放，请重新提问"
CONFLICT = "不同文件给出的数字不一致，分别是："

NOTICE = "提示"  # the title of the page's notices (Gradio's default is "Error"/"Info")
UNKNOWN_EVENT = "页面请求无效（未知的操作），请刷新页面后重试。"
BAD_EVENT_DATA = "页面请求的格式不正确，请刷新页面后重试。"

# -- feedback integrity (bot/api.py /api/feedback, bot/feedback.py) ------------------------------
FEEDBACK_NOT_OUR_ANSWER = "无法确认这是本服务给出的回答（answer_id 无效，或与问题、回答、出处不一致），这次评价未记录。"
FEEDBACK_EXPIRED = "这个回答已超过 {days} 天，不能再评价了；请重新提问后再评价。"
FEEDBACK_UNAVAILABLE = "反馈暂时无法保存，请稍后再试。"
BAD_HOST = "请求的主机名（Host）无效。"
REPAIRING = "问答服务暂时出现故障，正在自动修复，请稍后再试。"

# -- suggested follow-ups (bot/suggest.py): an item's own heading in a fixed frame -----------------
SUGGEST_PLAN = "{when}“{topic}”有哪些安排？"
SUGGEST_DONE = "{when}“{topic}”方面做了哪些工作？"
UNKNOWN_SECTION = "没有这个段落（id 应为回答 citations 中的 section_id）。"

# -- the chat page's conversation and script (bot/page_view.py, bot/static/page.js) ---------------
INPUT_LABEL = "问题"
NEW_CHAT = "新对话"
CITE_TITLE = "查看来源 {n}"
CARD_OPEN = "展开原文段落"
CARD_CLOSE = "收起原文段落"
CARD_MORE = "共引用 {n} 句，展开原文段落可看全部"
FOLLOW_UPS = "您可能还想问"
COPY = "复制"
COPY_TITLE = "复制回答和来源"
COPIED = "已复制"
COPY_FAILED = "无法复制，请选中文字后手动复制。"
VOTE_UP = "有帮助"
VOTE_DOWN = "没帮助"
COUNTER = "{n}/{limit} 字"
PAGE_OFFLINE = "暂时连不上问答服务，您的问题已保留，请稍后再试。"
NEW_ANSWER = "有新回答，点此查看"
NOT_ANSWERED = "这个问题没有得到回答，请稍后再问。"
CLOSE = "关闭"
# what Gradio itself may still show in English, in Chinese (page.js replaces labels, titles and texts)
GRADIO_LABELS = {"Close": "关闭", "Clear": "清空", "Submit": "提问", "Error": "提示", "Info": "提示",
                 "Warning": "提示", "Loading...": "加载中……", "Textbox": "问题", "Copy": "复制", "Copied": "已复制"}

# -- PDF and web-page reports (bot/corpus/pdf.py, html.py, ingest.py) ----------------------------
PDF_SCANNED = ("{name} 是扫描版 PDF（共 {pages} 页，只有图片，没有文字层），无法读取其中的文字。"
               "请提供带文字的 PDF（由 Word/WPS 直接导出）、Word 或文本版本，或先用 OCR 软件转成文字。")
PDF_ENCRYPTED = "{name} 是加密的 PDF，需要密码才能打开，无法读取。请提供未加密的版本。"
PDF_UNREADABLE = "{name} 不是有效的 PDF 文件，或文件已损坏，无法读取。"
HTML_NO_TEXT = "{name} 中没有找到正文内容（可能是空页面、导航页或需要脚本加载的页面）。"
LENGTH_REQUIRED = "上传请求必须注明大小（Content-Length）。"

# -- staff console (bot/admin/) ----------------------------------------------------------------------
ADMIN_OTHER_ORIGIN = "管理后台只能在本站直接打开，不接受来自其他网站的请求。"

# -- kinds of question (bot/chain.py, bot/answer/compound.py) -------------------------------------
SUB_QUESTION = "关于“{question}”"
CHAT_REPLIES = {
    "greeting": "您好！我是无锡市教育局工作报告问答助手，可以根据报告原文回答您的问题，并附上出处。",
    "thanks": "不客气！还有其他想了解的，可以继续问我。",
    "bye": "再见！欢迎随时回来提问。",
    "identity": "我是无锡市教育局工作报告问答助手：只根据已发布的工作报告回答，每个回答都附有原文出处，报告中没有的内容会直接说明。",
    "capability": "我可以回答工作报告里写到的内容，例如各项工作的进展、数字、下半年的计划，也可以总结报告或某一方面的工作。",
    "complaint": "抱歉，刚才的回答没能帮到您。我只根据报告原文回答：问得具体一些（哪一项工作、哪个数字、上半年还是下半年）会更准确；报告里没有的内容，我会直接说明没有。",
    "service": "很抱歉给您带来不便。我是根据工作报告回答问题的助手，无法受理投诉或转接电话；您的意见建议请通过教育局官方网站公布的渠道反映。",
    "personal": "我查不到个人的成绩、录取或学籍信息：我只根据教育局已发布的工作报告回答。个人信息请通过招生考试机构或学校的官方渠道查询。",
    "offtopic": "这个问题我帮不上忙：我只根据教育局的工作报告回答问题，例如各项工作的进展、数字和下半年的计划。",
}
OUTLINE_REPORT = "报告分为{parts}个部分，共{items}项："  # 分成几大块: the count first, then the outline
OUTLINE_PART = "“{heading}”分为{items}项："
CHAT_EXAMPLES = "您可以这样问："
EACH_NOT_GIVEN = "报告没有分别给出{names}各自的数字，只有合在一起的说法："
RELATED_ONLY = "报告中没有关于“{topic}”的确切信息；相关的内容是："
