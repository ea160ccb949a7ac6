"""General knowledge the rules lean on: surnames, post titles, unit suffixes.

Everything here is general to the genre (any city, any year); nothing names a
person, village, measure or sum of a particular article.
"""
import re

# The ~300 most common single-character surnames and the common compound ones.
SURNAMES_1 = set(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任"
    "沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔"
    "向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌"
    "毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦"
    "麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩"
    "明佘池查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区郜海阚花权强"
    "帅屠豆朴盖练廉禹井祖漆巴丰支卿国狄平计索宣晋相初门云容敬来扈晁芮都普阙浦戈伏鹿薄邸雍辜羊阿乌母裘亓"
    "修邰赫杭况那宿鲜印逯隆茹诸战慕危玉银亢嵇公哈湛宾戎勾茅利於呼居揭干但尉冶斯元束檀衣信展阴昝智幸奉植"
    "衡富尧闭由"
)
SURNAMES_2 = {"欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "令狐", "慕容", "长孙",
              "宇文", "司徒", "夏侯", "轩辕", "端木", "独孤", "南宫", "西门", "百里", "呼延", "万俟"}

# Tibetan personal names are two of these two-character parts (扎西次仁,
# 格桑卓玛) or one alone; they have no surname.  The common parts, in their
# usual Chinese transcriptions.
TIBETAN_NAME_PARTS = set("""
扎西 次仁 尼玛 达瓦 达娃 米玛 边巴 普布 巴桑 平措 旺堆 卓嘎 索朗 索南 多吉 多杰 顿珠 格桑 拉巴 德吉 央金 卓玛
洛桑 次旦 旦增 丹增 益西 白玛 强巴 嘎玛 贡嘎 曲珍 拉姆 次珠 嘉措 加措 江措 桑珠 阿旺 罗布 洛布 普琼 琼达 仁青
旺姆 央宗 德央 群培 班觉 土登 赤列 欧珠 旺久 边久 次央 德庆 措姆 玉珍 拉珍 洛珠 扎巴 才让 才旦 公保 更登
拉毛 贡布 久美 晋美 措吉 仁增 曲扎 群宗 次吉 巴珠 格列 达杰 尼珠 边珍 仓决 卓措 尕藏 多布 次多 昂旺 旺扎
""".split())

# Characters that, right after a two-character name, say the name has ended
# (verbs, prepositions, particles): 王明到… 王明在… 王明同志.
NAME_STOP = set("在到前对为是和与及同等说表指带率主出深赴一先也就都将把从向来去不已还又以于的了任代被"
                "召作讲要上下入走看检调慰听参陪会分这那该其被让给曾亲看专作介视详分任称等兼携挂")

# Words that look like surname+given name but are common nouns or titles.
NOT_NAMES = {"党员", "干部", "群众", "同志", "领导", "书记", "主任", "村民", "农户", "市长", "县长",
             "乡长", "镇长", "区长", "局长", "部长", "组长", "队长", "记者", "通讯", "编辑", "工作",
             "全市", "全县", "全省", "全区", "全乡", "全镇", "全村", "市委", "县委", "区委", "省委",
             "扶贫", "脱贫", "帮扶", "贫困", "项目", "资金", "企业", "合作", "产业", "政府", "单位",
             "部门", "各级", "各地", "各村", "每月", "每年", "万元", "亿元", "元", "有关", "相关",
             "高度", "常务", "经济", "文化", "方案", "严格", "安排", "和分", "应保", "明白", "包村",
             "包户", "乡镇", "乡村", "村村", "户户", "金融", "时间", "万名", "万户", "万人",
             "全覆盖", "全覆", "全面", "全力", "全体", "全部", "全年", "全国", "任务", "任组", "和分管",
             "分管", "主管", "牵头", "负责", "兼任", "带队", "一行", "等人", "常年", "高效", "高质",
             "高标准", "严格", "周密", "向贫", "于今", "于是", "成功", "成立", "成为", "成效", "许多",
             "孔子", "文明", "文件", "华人", "方面", "方式", "方法", "方案", "何时", "于是", "温暖",
             "关于", "关键", "强化", "强调", "康复", "安全", "安排", "安置", "平台", "平均", "时期",
             "时候", "明确", "明显", "余元", "余万", "余人", "余户", "余个"}

# Post titles (the role part).  Longer alternatives first.
ROLES = [
    "驻村第一书记", "第一书记", "驻村工作队长", "工作队长", "副书记", "书记", "常务副市长",
    "常务副县长", "常务副区长", "副市长", "市长", "副县长", "县长", "副区长", "区长", "副乡长", "乡长",
    "副镇长", "镇长", "副省长", "省长", "副州长", "州长", "副旗长", "旗长", "副盟长", "盟长",
    "常委", "副主任", "主任", "副局长", "局长", "副部长", "部长", "副主席", "主席", "副组长", "组长",
    "副队长", "队长", "副厅长", "厅长", "副处长", "处长", "副科长", "科长", "副所长", "所长",
    "副站长", "站长", "副秘书长", "秘书长", "常务副指挥长", "副指挥长", "指挥长", "副院长", "院长",
    "副校长", "校长", "村长",
    "主任委员", "委员", "专职副书记", "调研员", "巡视员", "助理",
]
# 常委 is a post (县委常委), but not the start of 人大常委会.
_ROLE_GUARDS = {"常委": "(?!会)"}
ROLE_RE = "|".join(r + _ROLE_GUARDS.get(r, "") for r in sorted(ROLES, key=len, reverse=True))

# Roles of newspaper staff and writers; the body of the post is the paper.
PRESS_ROLES = ["本报记者", "本报通讯员", "本报特约记者", "本报见习记者", "特约记者", "见习记者",
               "实习记者", "记者", "通讯员", "实习生", "责任编辑", "值班编辑", "本版编辑", "美术编辑", "图片编辑",
               "版面设计", "版式设计", "审读", "本版责编", "版面编辑", "本版编辑", "本报全媒体记者", "全媒体记者", "融媒体记者", "本报融媒体记者",
               "本版主编", "责编", "主编", "编辑", "摄像", "校对", "版式",
               "组版", "美编", "排版", "审校", "摄影", "视觉", "制图", "值班主任"]
PRESS_RE = "|".join(sorted(PRESS_ROLES, key=len, reverse=True))

# Suffixes that end the name of a unit (an organisation or body).
ORG_SUFFIXES = ["委员会", "办公室", "办事处", "人民政府", "政府", "人大常委会", "人大", "政协", "纪委",
                "监委", "委", "局", "部", "办", "厅", "署", "院", "所", "站", "中心", "公司", "银行",
                "分行", "支行", "集团", "大学", "学院", "学校", "医院", "总工会", "工会", "妇联", "团委",
                "残联", "科协", "工商联", "供销社", "联社", "合作社", "协会", "商会", "基金会", "处",
                "管委会", "部门", "单位", "财政", "电视台", "日报", "报社", "委会"]
ORG_SUFFIX_RE = "|".join(sorted(ORG_SUFFIXES, key=len, reverse=True))

# Administrative level characters that start a unit's name (市水利局, 县委).
LEVEL_CHARS = "省市县区州盟旗"
# units whose name starts with a level word that is not one character
LEVEL_WORDS = ("自治区", "自治州", "自治县", "中共", "国家", "中央")

CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
CJK_RE = re.compile(f"[{CJK}]")

# Sentence-internal clause separators.
CLAUSE_SEPS = "，,；;：:。！？!?\n"

# Adverbs and connectives that sit between a subject and its verb.
ADVERBS = ["先后", "累计", "共计", "共", "已经", "已", "还", "也", "又", "都", "均", "再", "积极", "大力",
           "全面", "认真", "扎实", "深入", "切实", "主动", "及时", "率先", "今年", "去年", "目前",
           "截至目前", "同时", "此外", "另外", "其中", "一共", "总共", "分别", "专门", "继续", "进一步"]


def is_cjk(ch: str) -> bool:
    """True for a CJK ideograph.

    >>> is_cjk("村"), is_cjk("A"), is_cjk("，")
    (True, False, False)
    """
    return bool(CJK_RE.match(ch))
