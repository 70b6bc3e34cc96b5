"""The form of a question, read from its words alone: small talk, yes/no, two questions in one.

    smalltalk("谢谢！")                          -> "thanks"
    is_yes_no("上半年资助超过五万人次了吗")        -> True
    split_compound("职业教育上半年做了什么，下半年准备干点啥？")
        -> ["职业教育上半年做了什么", "职业教育下半年准备干点啥"]

Pure: no index. Which scope each part is answered in is bot/answer's business.
"""
from __future__ import annotations

import re

from .vocab import column

# small talk a government chat box gets (general usage; the anchor products answer these with a canned reply)
SMALLTALK = [
    ("greeting", re.compile(r"^(?:(?:你好|您好|嗨|哈喽|hello|hi|在吗|在不在|有人吗|早上好|下午好|晚上好|早安|午安|晚安)[呀啊吗呢！!。.，,～~ ？?]*)+$", re.I)),
    # a try of the box (测试, 试一下, 123, ？？？): nothing asked
    ("greeting", re.compile(r"^(?:测试|测试一下|试一下|试试|试试看)[！!。.～~ ]*$|^[\d\s\W_]+$")),
    ("thanks", re.compile(r"^(?:(?:非常|太|十分)?(?:谢谢|感谢|多谢|谢了|辛苦了)(?:你|您)?(?:了|啦)?|thanks?(?: you)?|好的谢谢|明白了谢谢|好的|好|嗯|ok)[呀啊啦！!。.～~ ]*$", re.I)),
    ("thanks", re.compile(r"^(?:哈+\s*)?(?:你|您)?(?:还|真|可)?(?:挺|真|好|很|太|蛮)?(?:厉害|棒|聪明|牛|给力|好用|不错|好)(?:的|啊|呀|哦|了)*[！!。～~ ]*$")),  # praise
    ("bye", re.compile(r"^(?:(?:行|好|好的|嗯|那|OK|辛苦了|辛苦啦|谢谢|谢谢你|谢谢您)[，, ]*)?(?:(?:我)?没(?:有)?(?:别的|其他|其它|什么)(?:要问的|想问的|问题|事)?了[，, ]*(?:再见|拜拜|bye)?|再见|拜拜|bye)(?:啦|了|喽|咯)?[！!。.～~ ]*$"
                       r"|^(?:再见|拜拜|bye)", re.I)),  # 行 没别的了 拜拜: a goodbye with its lead-in
    ("greeting", re.compile(r"^(?:哈{2,}|呵{2,}|嘿{2,}|嘻{2,}|hh+|233+)[！!。.～~ ]*$", re.I)),  # a laugh: no question
    # a remark on the weather, the way people open a chat (general usage; asked about it, it is offtopic below)
    ("greeting", re.compile(r"^(?:今天|今儿|今日|这两天|最近|外面)?的?(?:天气|天儿)(?:真|挺|很|好|太)?(?:不错|好|热|冷|晴|棒|舒服)"
                            r"(?:啊|呀|哈|哦|耶|嘛)*[！!。.～~ ]*$")),
    ("identity", re.compile(r"^(?:你|您)(?:是谁|是什么|叫什么|叫啥)|^你是(?:机器人|人工智能|AI|真人)"
                            r"|^(?:你|您|你们)(?:这个)?[\u4e00-\u9fffA-Za-z]{0,6}?(?:是)?(?:哪家|哪个|什么|谁家)(?:公司|单位|部门|厂家)?(?:做|开发|研发|搞|弄)的"
                            r"|^(?:你|您)是(?:谁|哪家|哪个公司)(?:做|开发|研发)的", re.I)),  # who made the assistant
    # a complaint about the last answer (general usage: what users type when an answer misses)
    ("complaint", re.compile(r"^(?:(?:你|你们|您)?(?:这|这个|这回答|这答案|真是|简直|感觉|怎么)?(?:也|都)?[，, ]*)?(?:答非所问|牛头不对马嘴|文不对题|驴唇不对马嘴|(?:回答|回复|答|说)的?(?:是)?(?:啥|什么)(?:呀|啊|玩意)?"
                             r"|(?:回答|回复|反应|速度)?(?:也)?太慢|不靠谱|靠谱(?:一)?点|(?:回答|答)(?:得)?不对|答错了|乱答|瞎答|胡说|没用|没啥用|听不懂|看不懂)"
                             r"(?:[，,。！!？? ]*(?:能不能|可不可以|可以|能)?(?:答非所问|牛头不对马嘴|靠谱(?:一)?点|快(?:一)?点|认真(?:一)?点|(?:回答|答)(?:得)?(?:好|准)(?:一)?点|了吧|啊|呀|吧|吗|哦|了"
                             r"|(?:一点)?(?:都|也)?(?:不准|不对|没用|不靠谱)(?:啊|呀|了)?)*)*[！!。.～~ ？?]*$")),  # 说的是啥 一点也不对
    # everyday chat that is no question about any report (the weather, the time, a joke)
    ("offtopic", re.compile(r"^(?:今天|明天|现在|外面)?[\u4e00-\u9fff]{0,3}?的?(?:天气|气温)(?:怎么样|如何|咋样|好吗|好不好|热吗|冷吗)"
                            r"|^(?:给我|跟我)?(?:讲|说)(?:个|一个)笑话|^(?:现在)?几点了|^今天(?:星期|周)几"
                            r"|^(?:你)?吃(?:饭)?了(?:吗|没|没有)?[？?]*$"
                            # a writing job asked of the assistant (帮我写作业, 写首诗), not 写作业负担重吗
                            r"|^(?:请)?(?:(?:帮|给|替)我|你)(?:写|作)(?:一)?[首篇个份段]?(?:[^，。？?]{1,10}?的)?(?:诗|作文|作业|文章|小说|歌词|对联)"
                            r"|^(?:写|作)(?:一)?[首篇个份段](?:诗|作文|文章|小说|歌词|对联)"
                            # a tip for everyday life (介绍一下本地有啥美食), not 推荐几所好学校 (general usage)
                            r"|(?:推荐|介绍)(?:一下|下)?[\u4e00-\u9fff]{0,6}?(?:好吃的|好玩的|美食|小吃|景点|餐厅|饭店|酒店|旅游)"
                            r"|(?:有|有没有)?(?:啥|什么|哪些)(?:好吃的|好玩的|美食|小吃|景点)"
                            r"|(?:去|到)?(?:哪里|哪儿|哪|什么地方)(?:好)?(?:玩|逛|旅游|游玩|耍|度假)(?!具)"  # 周末去哪玩: an outing
                            # a parent's trouble at home asking what to do (孩子老是顶嘴怎么办), not a policy (general usage)
                            r"|(?:孩子|小孩|娃|儿子|女儿|闺女)[^，。？?]{0,8}?(?:不听话|叛逆|玩手机|玩游戏|打游戏|沉迷|厌学|不爱学习|不想上学|不写作业|早恋|顶嘴|磨蹭)"
                            r"[^？?]{0,10}?(?:咋办|怎么办|怎么弄|如何是好|咋整)")),
    # one's own record looked up (帮忙查查我闺女的分数): no report holds a person's results (general usage)
    ("personal", re.compile(r"查(?:询)?(?:一下|下)?(?:我|我家|我们家)(?:的|家)?(?:孩子|小孩|儿子|女儿|闺女)?的?"
                            r"(?:中考|高考|期末|期中|考试)?(?:成绩|分数|录取(?:结果|情况)?|学籍|档案|分班)")),
    ("capability", re.compile(r"(?:你|您)(?:都|还)?(?:能|可以|会)(?:帮我)?(?:回答|做|干|帮)(?:些|点)?(?:什么|啥|哪些|嘛)|能问(?:些|点)?(?:什么|啥)|怎么用|使用说明|有什么功能"
                              r"|^(?:(?:你好|您好|早上好|下午好|晚上好|在吗)[，, ]*)?(?:请问)?(?:这里|这儿|在这)?(?:可以|能)(?:咨询|提问|问问题|问个问题|问事|问一下)(?:吗|么|不)?[？?。！! ]*$"  # may I ask here
                              # another language (can you speak English, 会说英语吗): what it covers
                              r"|(?:can|do) you (?:speak|understand|read) english|(?:你|您)?(?:会|能)(?:说|讲|用)英(?:语|文)", re.I)),
]
WH = re.compile(r"多大|多高|多长|多久|多远|多少|几[个所名项人次年月天周块节条级批类种届期轮座家位]|什么时候|啥时候|什么|啥|哪|谁|怎么|怎样|如何|为什么|为何|何时")
YES_NO = re.compile(r"有没有|有无|是否|是不是|对不对|会不会|能不能|可不可以|要不要|算不算|达没达到|超没超过|(?P<v>[\u4e00-\u9fff])[不没](?P=v)|(?:不到|超过|没到|没有|不止|是)[^，。]{0,10}吧[？?]*$"
                    r"|[了过来完好]没有?[？?。！!]*$|吗[？?。！!]*$|了没[？?。！!]*$|吧[？?]+$"
                    r"|(?:超过|达到|突破|破|不到|够|满|过)[^，。？?]{1,12}没有?[？?。！!]*$"  # 达到一万人没有: 了 left out
                    r"|" + r"(?:能|会|可以|要|是|有|收)[\u4e00-\u9fff]{0,8}?不[？?。！!]*$")  # 能用上不: a modal, then 不 last
ASKING = re.compile(r"[吗呢？?]|没有?(?=\s|$)|(?:能|会|可以|要|是|有|收)[\u4e00-\u9fff]{0,8}?不(?=[？?。！!]*(?:\s|$))|(?P<v>[\u4e00-\u9fff])[不没](?P=v)|多少|(?<![十百千万])几[个所名项人次年月天周块节条级批类种届期轮座家位]|什么|啥|哪|谁|怎么|怎样|如何|是否|有没有|是不是|有无"
                    r"|进展|情况|安排|计划|举措|措施|打算|目标"
                    r"|想了解|想知道|想问|请问|问一下|问下|问问|介绍|说说|讲讲|咋样|咋办|咋弄|咋回事|啥样|多大|多高|多长|多久|多远")
HALVES = ("上半年", "下半年")
BOTH_HALVES = re.compile(r"上下半年|(?:这|前后)?两个半年|上半年[\u4e00-\u9fff]{0,4}?[和与及跟、]下半年|上半年[，, ]?下半年(?=[，, ]?(?:分开|分别|各自|各))|前后半年|全年|一整年"  # no one half: the whole year
                         # …讲过哪些，包括下半年 / 总结下，连同后面的打算: the other half too
                         r"|(?:包括|连同|以及|外加)(?:[上下]半年|后面|后续|接下来|下一步|今后|以后|之后|前面|之前)|[上下]半年的?也算"
                         # 全文跟X有关的都列出来: everything on X, in both halves, when no half is named
                         r"|^(?!.*[上下前后]半年)(?=.*(?:整份|整个|全文|通篇|报告里|报告中|文中|全部))"
                         r".*(?:(?:跟|和|与|同)[\u4e00-\u9fff]{1,10}?(?:有关|相关)|(?:有关|相关)的?(?:内容|工作|部分|东西))"
                         # 今年X方面整体怎么样 / 概括下今年的X: the year as a whole, when nothing says done or planned
                         r"|^(?!.*(?:[上下前后]半年|做了|干了|完成|还要|计划|打算|准备|接下来|下一步|后面|目前|现在|已经))"
                         r"(?=.*(?:今年|这一年|本年度))(?=.*(?:整体|总体|概括|总结|汇总|归纳))")
# one item of the report's outline by its number (第四项展开说说, 下半年第二点是什么): 条/项/点/方面, not 第三名 or 第2周
ITEM_REF = re.compile(r"第(?P<n>[一二三四五六七八九十]|\d{1,2})(?:条|项|点|个方面|方面|件事|件|块)")


def item_asked(text: str) -> int:
    """The number of the item asked for: ``"第四项展开说说"`` -> 4; 0 when none is."""
    m = ITEM_REF.search(text)
    if not m:
        return 0
    n = m.group("n")
    return int(n) if n.isdigit() else "一二三四五六七八九十".index(n) + 1
SENTENCES = re.compile(r"[？?；;！!]+|\s+(?=另外|还有|同时|以及|并且|再问|顺便问)")
CLAUSES = re.compile(r"[，,。]|(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])")  # a space between Chinese clauses is a comma
LEAD = re.compile(r"^(?:另外|还有|同时|以及|并且|那么|那|再问一下|再问|顺便问一下|顺便问)[，,、\s]*")
EACH = re.compile(r"(?P<a>[\u4e00-\u9fff]{2,20}?)(?:和|与|及|跟)(?P<b>[\u4e00-\u9fff]{2,12}?)\s*"
                  r"(?P<rest>(?:分别|各自|各|这两个|这两项|两个|两项).*)$")
PHRASE_START = re.compile(r".*(?:[，,。：:\s]|一下|了解|知道|请问|想问|问下|问问|告诉我)")
BOTH = re.compile(r"^(?:分别|各自|各)|^(?:这两个|这两项|两个|两项)(?:数据|数字|情况|方面)?(?:分别)?")


PRESENT = re.compile("|".join(column("summary_cues", "pattern", asks="present")))
TOPIC_ONLY = re.compile(r"(?:那个|那|这个)?[\u4e00-\u9fff]{2,16}?呢[？?]*")  # 那个新校区呢 + a question: its topic
# nouns that name a facet of a topic, not a topic (general usage): a part of nothing else refers back
FRAME_NOUNS = re.compile(r"项目|内容|情况|方面|地方|时间段|时段|时间|条件|标准|要求|人数|数量|名单|名字|全称|简称|名称|全名|称号|头衔|牌子|荣誉|结果|涉及|包括|包含|具体"
                         r"|钱|金额|经费|费用"
                         r"|出来|出台|推出")
GENERIC_WORDS = [w for w in column("generic_topic") + column("audience") + column("attribute_nouns") if len(w) >= 2]  # the report, its issuer, periods, frames, its people, a thing's properties
from .properties import ATTRIBUTE  # noqa: E402 - a thing's properties (名字, 机制) name no thing
PREPOSITIONS = re.compile(r"[对给向跟把在从为]")  # 对老师有什么规定: a preposition names nothing
# when the asking is, and words that join clauses: 现在出了没有还是在准备, 每年给多少 name nothing
TIME_AND_JOINS = re.compile(r"现在|目前|如今|当前|今年|去年|明年|一年|每年|还是|或者|就是|而且|但是|可是|因为|所以|如果")
POLITE = re.compile(r"就行|就好|就可以|即可|一下|简单|简要|大概|吧|呗|哈|给我|帮我")  # 简单说说就行: how, not what
# a complaint about the assistant itself inside other words (反应也太慢了吧，垃圾系统): its speed or its worth
COMPLAINT_ANYWHERE = re.compile(r"(?:怎么|咋|为什么|为啥)?(?:回答|回复|反应|速度|系统|网页|页面|你)(?:怎么|咋)?(?:这么|太|好|真|也太|有点)慢"
                                r"|什么破(?:系统|玩意儿?|东西|网站)|破系统|垃圾系统|破网站"
                                # its worth: 讲的啥玩意, 一点用也没有, 等了半天都没讲明白 (general usage)
                                r"|(?:答|回答|回复|说|讲)(?:的|得)?(?:是)?(?:什么|啥)玩意儿?|一点用(?:都|也)没有|(?:根本|完全)没用|(?:问|等)了?半天(?:也|都|还)?没(?:说|讲|答)(?:清楚|明白)"
                                r"|(?:也|真是)?太慢了")
GREETING_LEAD = re.compile(r"^(?:你好|您好|早上好|上午好|下午好|晚上好|嗨|哈喽|hello|hi)[呀啊哈]?[！!。.，,～~ ]+", re.I)
# a complaint about the bureau's service (电话没人接, 效率太低): no question about the report (general usage)
SERVICE_COMPLAINT = re.compile(r"(?:电话|热线)[^，。？?]{0,6}?(?:没人接|打不通|占线|不接)|效率(?:也|真|太|好|很|实在)*低"
                               r"|态度(?:也|真|太|好|很|实在)*差|踢皮球|不作为|推诿|没人管|没人理|(?:根本|从来)?不管事|我要投诉")
# what a complaint asks only for effect (电话打不通，什么情况啊): no question (general usage)
RHETORICAL = re.compile(r"(?:这|这是)?(?:什么|啥)情况[啊呀啊！!]*|(?:这|这是)?(?:怎么|咋)回事[啊呀！!]*|搞什么[啊呀！!]*|干什么吃的")
# a goodbye after its lead-in (好了先问这些，拜拜): ends the chat when nothing else is asked
BYE_LAST = re.compile(r"(?:再见|拜拜|bye)(?:啦|了|喽|咯)?[！!。.～~ ]*$", re.I)
THANKS_ANYWHERE = re.compile(r"谢谢|感谢|多谢|辛苦了|辛苦啦|明白了|清楚了|懂了|知道了|嗯嗯|好的|收到|我再看看|再看看")


def smalltalk(text: str) -> str | None:
    """The kind of small talk, or None for a question about the report."""
    t = text.strip()
    if len(re.sub(r"[A-Za-z]+", "a", t)) > 30:  # an English word counts as one
        return None
    if (lead := GREETING_LEAD.match(t)) and t[lead.end():].strip():
        return smalltalk(t[lead.end():])  # 早上好！今天天气咋样: what follows the greeting decides
    kind = next((kind for kind, rx in SMALLTALK if rx.search(t)), None)
    if kind is None and THANKS_ANYWHERE.search(t) and not ASKING.search(t) and not WH.search(t):
        return "thanks"  # thanks inside a short reply that asks nothing
    if kind is None and SERVICE_COMPLAINT.search(t) and not TO_ME.search(t):  # 要投诉机器人答错了: the assistant's answer
        rest = RHETORICAL.sub("", SERVICE_COMPLAINT.sub("", t))
        if not ASKING.search(rest) and not WH.search(rest):
            return "service"  # 窗口老是没人，办事效率真低: said of the bureau, nothing asked
    if kind is None and BYE_LAST.search(t):
        rest = BYE_LAST.sub("", t)
        if not ASKING.search(rest) and not WH.search(rest):
            return "bye"
    if kind is None and COMPLAINT_ANYWHERE.search(t):
        rest = COMPLAINT_ANYWHERE.sub("", t)
        if not ASKING.search(rest) and not WH.search(rest):
            return "complaint"
    return kind


# a short turn said to the assistant itself (嗨 在不在, 你是真人吗, 你能帮我查什么, 这系统真烂):
# small talk of its kind when it names nothing of the report (the engine checks that; these only say which kind)
ADDRESSED = re.compile(r"你|您|机器人|客服|人工|系统|在吗|在不在|帮我|帮忙|请教|问个问题|问个事")  # 能帮忙找些资料吗: to the assistant
TO_ME = re.compile(r"你(?!们)|您(?!们)|机器人|客服|问你")  # the assistant, not the bureau (你们)
# a request about the report that names no noun of it (你帮我总结下上半年): a question, not small talk
ABOUT_REPORT = re.compile(r"上半年|下半年|今年|报告|材料|总结|概括|归纳|梳理|列一下|列个|讲讲|说说|介绍")
ADDRESSED_KINDS = [
    ("complaint", re.compile(r"破|垃圾|没用|不对|没说到|答非所问|太慢|好慢|这么慢|烂|不靠谱|有问题|不准|错了")),
    ("identity", re.compile(r"机器人|人工|客服|真人|是谁|你是|您是")),
    ("capability", re.compile(r"(?:能|会|可以)(?:帮|查|做|干|回答|问)|查(?:些|点)|问(?:些|点)")),
    ("greeting", re.compile(r"你好|您好|早上好|下午好|晚上好|哈喽|嗨|在吗|在不在")),
]


def addressed_smalltalk(text: str) -> str | None:
    """The kind of small talk of a short turn said to the assistant, or None; the caller makes sure the
    turn names nothing of the report (您好，学生资助发了几次 is a question)."""
    t = text.strip()
    if len(t) > 24 or not (ADDRESSED.search(t) or GREETING_LEAD.match(t)):  # a greeting first addresses it
        return None
    # said to the assistant itself and naming nothing of the report (你会说英语吗): what it covers
    return next((kind for kind, rx in ADDRESSED_KINDS if rx.search(t)),
                "capability" if TO_ME.search(t) and not ABOUT_REPORT.search(t) else None)


def is_yes_no(text: str) -> bool:
    """A yes/no question: 有没有/是否/…吗, not a wh-question ending in 吗 (能告诉我资助了多少学生吗)."""
    t = text.strip()
    if not YES_NO.search(t):
        return False
    wh = WH.search(re.sub(r"有没有|是不是|是否|有无|什么时候", "", t))
    return wh is None


def split_compound(text: str) -> list[str]:
    """Two (or more) questions in one, each standing alone; a single question comes back whole.

    Parts are cut at ？；！, and at a comma when both sides ask something; words that ask
    nothing (我是记者，……) stay with the part after them. A part that names only its
    period (下半年准备干点啥) borrows the first part's topic (职业教育).
    """
    t = text.strip()
    body = re.sub(r"[？?。！!]+$", "", t)
    m = EACH.search(body)
    if m:  # A和B分别是多少 -> A是多少 / B是多少; the phrase A starts after the last clause break
        lead = body[:m.start("a")] + m.group("a")
        cut = PHRASE_START.match(lead)
        pre, a = (lead[:cut.end()], lead[cut.end():]) if cut else ("", lead)
        rest, b = BOTH.sub("", m.group("rest")), m.group("b")
    if m and len(a) >= 2 and (_asks(m.group("rest")) or _asks(pre)):
        if b in HALVES and a.endswith(HALVES):  # a topic followed by both halves: the topic goes with each
            a, b = pre + a, pre + a[:-3] + b
        else:  # 锡慧在线的访问量和课程数量: the words before the last 的 go with both
            shared = a[:a.rfind("的") + 1] if a.rfind("的") >= 2 else ""
            if not shared and "的" not in a and b.rfind("的") >= 1:  # 城区和郊区的校舍面积: the words after 的 go with both
                a += b[b.rfind("的"):]
            a, b = pre + a, pre + shared + b
        rest = rest or "是多少"
        return [a + rest, b + rest]
    pieces = []
    for sentence in SENTENCES.split(t):
        pieces += [LEAD.sub("", c).strip() for c in CLAUSES.split(LEAD.sub("", sentence.strip()))]
    pieces = [p for p in pieces if p]
    parts, context, asked_again = [], [], set()
    for i, p in enumerate(pieces):
        if parts and not context and i == len(pieces) - 1 and TOPIC_ONLY.fullmatch(p):
            asked_again.add(len(parts))  # …到哪一步了？下半年呢: the last question again, read as a follow-up
            parts.append(p)
        elif parts and not context and (PRESENT.search(p) and not has_topic(POLITE.sub("", PRESENT.sub("", p)))
                                        or EACH_BACK.match(p) or REQUEST_TAIL.match(p)
                                        or WHICH_BACK.match(p) and COUNT_ASKED.search(parts[-1])):
            parts[-1] += "，" + p  # 分几块说 / 每项分别说了什么: how to answer the question before, not a question
        elif _asks(p) and not TOPIC_ONLY.fullmatch(p) and not ((HEARSAY.match(p) or TOLD.match(p)) and not re.search(r"[吗？?]", p)):
            parts.append("，".join(context + [p]))
            context = []
        elif parts and not context and not _asks(p) and len(p) <= 4:
            continue  # a trailing 谢谢 / 急
        else:
            context.append(p)
    if len(parts) < 2:
        return [t]
    if REPORT_SUBJECT.match(parts[0]) and not any(has_topic(p) for p in parts[1:]):
        return [t]  # 这份材料主要写的什么，管的是哪一年: questions about the report itself, answered by its outline
    topic = topic_before(parts[0])
    return [parts[0]] + [p if has_topic(p) or not topic or i in asked_again else topic + p
                         for i, p in enumerate(parts[1:], 1)]


# 能列一下吗, 可以说下吗: a request to give the answer asked just before, not a question of its own (general usage)
REQUEST_TAIL = re.compile(r"^(?:能|可以|能不能|可不可以|麻烦|请)?(?:帮我|给我)?(?:列|说|讲|写|发)(?:一下|下|出来|个清单)?(?:吗|吧|呗|嘛)?[？?]*$")
# 共有几大块，都哪几块 / 分几部分，分别是啥: the parts of the outline just counted, named; the outline's
# answer names them, so it is no question of its own (general usage)
WHICH_BACK = re.compile(r"^(?:那)?(?:都|分别|具体|各)?(?:是|有)?(?:哪几个|哪几块|哪些|啥|什么|哪几)(?:呀|呢|啊|吧)?[？?]*$")
COUNT_ASKED = re.compile(r"(?:几|多少)个?大?(?:方面|部分|块|板块)")
EACH_BACK = re.compile(r"^(?:那)?(?:每|各)(?:一)?(?:条|项|块|部分|个方面|方面|点)")  # 每条讲的啥: the items just asked about
REPORT_SUBJECT = re.compile(r"^(?:请问)?(?:这|该|本|此)(?:个|份|篇)?(?:报告|文件|材料|总结)")  # the report itself is asked about
LEADING_WH = re.compile(r"^(?:请问|想问下?|哪些|哪几个|哪个|哪所|什么)")
HEARSAY = re.compile(r"^(?:我)?(?:听说|据说|听人说|网上说|有人说)")  # what the asker heard: context, not a question
# what someone told the asker (班主任说…): context too, when it does not itself ask (general usage)
TOLD = re.compile(r"^(?:我们?的?|孩子的?)?(?:班主任|老师|校长|朋友|同事|邻居|亲戚|别人|人家|同学)(?:跟我|和我|告诉我)?说")
TOPIC_END = re.compile(WH.pattern + r"|有没有|是不是|是否|有无|[吗呢？?]|进展|进度|情况|没有?$|这个|那个")  # where a question's topic ends
# the doing asked about (做了啥, 都干了些什么) and the words before it that only say how much (整体, 主要): not the topic
DOING_ASKED = re.compile(r"(?:今年|全年|整体上?|总体上?|主要|具体|都|一共)*(?:做|干|搞|弄|忙)(?:了|过)?(?:些|点)?(?=啥|什么|哪)")
# facets of a thing (general usage): a later part about the same thing asks another one
FACET_END = re.compile(r"的?(?:总投资|投资|经费|资金|费用|面积|占地|规模|人数|数量|网址|电话|地址|名称|全称"
                       r"|达标比例|比例|占比|覆盖率|平均工资|工资|收入)$")


def _asks(part: str) -> bool:
    return bool(ASKING.search(part))


def topic_before(question: str) -> str:
    """The words before the question's period or asking word, less a facet of the thing asked about:
    职业教育上半年干了啥 -> 职业教育; 某馆总投资多少 -> 某馆 (a later part asks another facet)."""
    cut = min([i for i in (question.find(h) for h in HALVES) if i > 0] +
              [m.start() for rx in (TOPIC_END, DOING_ASKED) for m in rx.finditer(question) if m.start() > 0]
              + [len(question)])
    topic = question[:cut]
    for h in HALVES:
        topic = topic.replace(h, "")  # 上半年新建了几个 -> 新建: the period is each part's own
    topic = LEADING_WH.sub("", HEARSAY.sub("", topic).strip("，, 的了是有"))  # 哪些学校获评了X -> 学校获评了X
    topic = re.sub(r"(?:现在|目前|如今|今年|的|到|在)+$", "", topic)  # X的比例现在 -> X的比例; 转设到 -> 转设
    return FACET_END.sub("", topic) if FACET_END.sub("", topic) else topic


def has_topic(part: str, pos_of=None) -> bool:
    """Does the part name something besides its period and asking words (下半年准备干点啥: no)?
    With a tagger (``pos_of``: text -> [(word, flag)]), what is left must hold a noun: 啥时候能用上
    and 改成啥 only ask of a thing named before."""
    rest = ASKING.sub("", WH.sub("", TIME_AND_JOINS.sub("", part)))  # 有没有 before 有 is taken alone
    for w in HALVES + ("还要", "还会", "又", "再", "要", "会", "做", "干", "了", "的", "呢", "还有", "准备", "打算",
                       "进展", "目标", "是", "有", "分别", "能用上", "用上", "能用", "弄", "搞"):
        rest = rest.replace(w, "")
    rest = ASKING.sub("", WH.sub("", rest))
    rest = re.sub(r"具体|[各个每些都]", "", rest)  # 各多少个: distributes over the first part's topic
    rest = FRAME_NOUNS.sub("", rest)  # 考哪几个项目: the items of the topic before
    for w in sorted(GENERIC_WORDS, key=len, reverse=True):  # 局里有没有新规定出台: nothing named
        rest = rest.replace(w, "")
    if len(re.sub(r"[^\u4e00-\u9fff]", "", PREPOSITIONS.sub("", rest))) < 2:
        return False
    if pos_of is None:
        return True
    # tagged as words: 对口支援 keeps its 对 (a preposition is a tag, not a character), and a term of the
    # report's own dictionary (锡慧在线, tagged x) names a thing
    return any(len(w) >= 2 and (NOUN_FLAG.match(f) or f == "x" and re.fullmatch(r"[\u4e00-\u9fff]+", w))
               for text in (PREPOSITIONS.sub("", rest), rest) for w, f in pos_of(text))


NOUN_FLAG = re.compile(r"n|vn|j|l|eng|i$")  # jieba's tags of things: nouns, nominal verbs, abbreviations, set phrases
