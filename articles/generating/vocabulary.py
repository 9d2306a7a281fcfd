"""The words made-up articles are written with: AI in Hong Kong, in English and
Traditional Chinese, keyed by the seeded sector and challenge slugs
(sectors/migrations/0002_seed_topics.py). A topic added since falls back to
the general words (``GENERAL``)."""

# fmt: off
AI_TERMS = [
    "generative AI", "large language models", "machine learning", "computer vision",
    "facial recognition", "chatbots", "predictive analytics", "speech recognition",
    "natural language processing", "deep learning", "AI agents",
    "recommendation systems", "robotic process automation", "autonomous vehicles",
]
ORGS = [
    "the Hospital Authority", "the HKMA", "the SFC", "the Privacy Commissioner",
    "Cyberport", "Hong Kong Science Park", "HKU", "HKUST", "CUHK", "PolyU", "CityU",
    "the Education Bureau", "the Digital Policy Office", "the MTR Corporation",
    "the Airport Authority", "a virtual bank", "a Kowloon insurer",
    "a group of start-up founders", "the Innovation and Technology Commission",
]
UNIVERSITIES = ["HKU", "HKUST", "CUHK", "PolyU", "CityU", "HKBU", "Lingnan University"]
PLACES = [
    "Kowloon", "Sha Tin", "Tseung Kwan O", "Kwun Tong", "Central", "Wan Chai",
    "the New Territories", "Lantau", "the Northern Metropolis", "Tuen Mun",
    "the Greater Bay Area", "Hong Kong Island",
]
GENERAL = ["public services", "local businesses", "the city", "small firms"]
SECTOR_TERMS = {
    "education": [
        "classrooms", "teachers", "students", "homework", "exam marking",
        "universities", "DSE candidates", "school principals", "tutoring centres",
    ],
    "smart-cities-infrastructure": [
        "traffic signals", "smart lampposts", "railway maintenance",
        "building inspections", "public housing", "drainage", "energy use",
        "government services", "waste collection",
    ],
    "healthcare": [
        "hospitals", "patients", "radiology", "clinics", "triage", "elderly care",
        "medical records", "diagnosis", "waiting times",
    ],
    "fintech": [
        "banks", "insurers", "payments", "fraud detection", "credit scoring",
        "robo-advisers", "virtual banks", "anti-money-laundering checks",
        "wealth management",
    ],
    "startups-innovation": [
        "start-ups", "founders", "investors", "incubators", "venture capital",
        "accelerators", "tech talent", "seed funding", "spin-offs",
    ],
}
CHALLENGE_TERMS = {
    "data-privacy": [
        "privacy", "personal data", "consent", "the PDPO", "data breaches",
        "surveillance", "cross-border data transfers", "anonymisation",
    ],
    "job-displacement": [
        "jobs", "workers", "reskilling", "automation", "unions", "back-office staff",
        "retraining", "the labour market",
    ],
    "ethics-responsible-ai": [
        "bias", "fairness", "transparency", "accountability", "explainability",
        "human oversight", "AI governance", "independent audits",
    ],
}
NO_CHALLENGE = ["cost", "reliability", "public trust", "staff training"]
# Words few articles use (``RARE_SHARE``): a search for one finds little.
RARE_SENTENCES = [
    "Even a typhoon signal No. 8 did not stop the system from running.",
    "One team tested the model on minibus routes in the New Territories.",
    "A demonstration at a wet market drew a curious crowd.",
    "The idea came up over a game of mahjong, one founder recalls.",
]
RARE_SHARE = 0.004

TITLES = [
    "{Org} {verb} {ai} for {sector}",
    "How {ai} is changing {sector} in {place}",
    "{Challenge} questions as {org} {verb} {ai}",
    "What {ai} could mean for {sector}",
    "Inside {place}'s push to bring {ai} to {sector}",
    "{Sector}, {ai} and the question of {challenge}",
    "Can {ai} fix {sector}? {Org} thinks so",
    "{Org} {verb} {ai}: what it means for {challenge}",
]
VERBS = [
    "tests", "rolls out", "pilots", "expands", "questions", "rethinks", "bets on",
    "weighs", "scales back", "reviews", "funds", "adopts",
]
SUMMARIES = [
    "{Org} says {ai} could help {sector}, but {challenge} remains an open question.",
    "A pilot in {place} uses {ai} for {sector}; critics want answers on {challenge}.",
    "After {months} months of trials, {org} is deciding whether to keep using {ai} "
    "for {sector}.",
    "In {place}, {ai} is being tried on {sector}. Here is what has worked so far.",
]
SENTENCES = [
    "{Org} began testing {ai} in {place} in {year}, with a focus on {sector}.",
    "Officials say the system has handled {number} cases so far, though critics want "
    "more detail on {challenge}.",
    "Researchers at {university} argue that {ai} works best when staff keep the final "
    "say.",
    "The pilot covers {sector} across {place} and will be reviewed after {months} "
    "months.",
    "Questions about {challenge} have followed the project from the start.",
    "For {sector}, the promise is shorter waits and fewer manual checks.",
    "{Org} has published guidance on {challenge}, but it is not binding.",
    "Supporters point to similar schemes in Singapore and Shenzhen.",
    "Smaller firms say the cost of {ai} remains a barrier.",
    "Legislators have asked for a public report on {challenge} before the scheme "
    "expands.",
    "Vendors from the Greater Bay Area are competing for the contract.",
    "Staff were trained over {months} weeks before the system went live.",
    "Not everyone is convinced: some in {sector} say the tools still make basic "
    "mistakes.",
    "The data behind the model comes from {number} thousand records collected since "
    "{year}.",
    "A spokesperson for {org} said the scheme would be extended if results hold.",
    "Observers say {challenge} will decide whether the public accepts *{ai}*.",
    "The trial in {place} is small, but it is being watched closely across Hong Kong.",
    "Others in {place} have asked to join the next phase.",
]
HEADINGS = [
    "What changes for {sector}", "The question of {challenge}", "Who is watching",
    "What comes next", "The numbers so far", "Lessons from {place}",
    "How {ai} is used", "The view from {org}",
]

ZH_AI_TERMS = [
    "人工智能", "生成式人工智能", "機器學習", "大型語言模型", "人臉識別", "聊天機械人",
    "電腦視覺", "語音識別", "預測分析",
]
ZH_ORGS = [
    "醫院管理局", "金管局", "私隱專員公署", "數碼港", "香港科學園", "香港大學",
    "科技大學", "中文大學", "教育局", "港鐵公司", "創新科技署", "數字政策辦公室",
    "一家虛擬銀行", "一群初創企業創辦人",
]
ZH_PLACES = [
    "九龍", "沙田", "將軍澳", "觀塘", "中環", "灣仔", "新界", "大嶼山", "北部都會區",
    "大灣區",
]
ZH_GENERAL = ["公共服務", "中小企", "社區"]
ZH_SECTOR_TERMS = {
    "education": ["教育", "學校", "教師", "學生", "文憑試", "大學"],
    "smart-cities-infrastructure": [
        "智慧城市", "交通燈", "智慧燈柱", "公共屋邨", "鐵路維修", "政府服務",
    ],
    "healthcare": ["醫療", "醫院", "病人", "放射科", "長者護理", "病歷"],
    "fintech": ["金融科技", "銀行", "保險公司", "虛擬銀行", "詐騙偵測", "信貸評分"],
    "startups-innovation": ["初創企業", "創投", "創業者", "培育計劃", "科技人才"],
}
ZH_CHALLENGE_TERMS = {
    "data-privacy": ["私隱", "個人資料", "數據保安", "跨境數據", "私隱條例"],
    "job-displacement": ["就業", "再培訓", "自動化", "勞工權益", "職位流失"],
    "ethics-responsible-ai": ["監管", "透明度", "問責", "演算法偏見", "道德"],
}
ZH_NO_CHALLENGE = ["成本", "可靠性", "公眾信任", "人手培訓"]

ZH_TITLES = [
    "{org}試行{ai}：{sector}迎來新變化",
    "{place}{sector}引入{ai}",
    "{ai}走進{sector}：{challenge}成焦點",
    "{org}推出{ai}計劃",
    "{sector}與{ai}：如何兼顧{challenge}",
    "{ai}能否改變{sector}？",
]
ZH_SUMMARIES = [
    "{org}在{place}推出{ai}計劃，應用於{sector}，但{challenge}問題引起討論。",
    "經過{months}個月試驗，{org}正考慮是否在{sector}全面使用{ai}。",
    "{place}的{sector}開始採用{ai}，{challenge}仍是業界關注的重點。",
]
ZH_SENTENCES = [
    "{org}在{place}試行{ai}，主要應用於{sector}。",
    "支持者認為，{ai}有助{sector}減輕人手壓力。",
    "不過，{challenge}的問題仍然備受關注。",
    "{org}表示，計劃至今已處理{number}宗個案。",
    "有{university}學者指出，{ai}只應作為輔助工具，最終決定仍須由人作出。",
    "立法會議員要求當局就{challenge}公開更多資料。",
    "業界估計，未來{months}年相關投資將持續增加。",
    "部分中小企表示，引入{ai}的成本仍然偏高。",
    "專家提醒，數據質素決定系統表現。",
    "計劃自{year}年起分階段推行，首階段集中在{place}。",
    "有前線人員表示，新系統需要時間適應。",
    "當局承諾會定期檢討{challenge}方面的安排。",
]
ZH_UNIVERSITIES = ["香港大學", "科技大學", "中文大學", "理工大學", "城市大學"]
ZH_HEADINGS = ["{challenge}的挑戰", "下一步", "{sector}的經驗", "數字背後", "各方意見"]

# Tags, most used first: a tag's popularity falls with its rank (Zipf).
TAGS = [
    "AI", "generative AI", "privacy", "large language models", "machine learning",
    "regulation", "PDPO", "open data", "chatbots", "computer vision",
    "facial recognition", "automation", "reskilling", "AI governance",
    "cybersecurity", "HKMA", "Cyberport", "Science Park", "Greater Bay Area",
    "Northern Metropolis", "Hospital Authority", "virtual banks", "fraud detection",
    "credit scoring", "robo-advisers", "telemedicine", "medical imaging",
    "elderly care", "patient records", "exam season", "DSE", "teachers",
    "universities", "STEM education", "AI literacy", "smart lampposts", "MTR",
    "traffic management", "predictive maintenance", "public housing",
    "building safety", "energy efficiency", "venture capital", "start-ups",
    "talent schemes", "incubators", "seed funding", "unicorns", "semiconductors",
    "cloud computing", "data centres", "5G", "blockchain", "stablecoins", "e-HKD",
    "digital identity", "iAM Smart", "policy address", "Legislative Council",
    "Privacy Commissioner", "SFC", "Insurance Authority", "Digital Policy Office",
    "InvestHK", "HKUST", "HKU", "CUHK", "PolyU", "CityU", "HKBU", "bias",
    "fairness", "transparency", "explainability", "human oversight",
    "accountability", "deepfakes", "misinformation", "copyright",
    "cross-border data", "consent", "data breaches", "surveillance",
    "anonymisation", "labour market", "unions", "gig economy", "back office",
    "customer service", "translation", "Cantonese", "speech recognition",
    "robotics", "drones", "autonomous vehicles", "smart mobility", "logistics",
    "airport", "port", "retail", "property", "proptech", "insurtech", "regtech",
    "healthtech", "edtech", "legaltech", "green finance", "climate", "ESG",
    "sandbox", "pilot schemes", "procurement", "government services",
    "open source", "benchmarks", "GPUs", "compute", "supercomputing",
    "research funding", "patents", "academic integrity", "plagiarism", "homework",
    "tutoring", "special needs", "mental health", "diagnosis", "triage",
    "waiting times", "pharmacy", "wearables", "insurance claims",
    "anti-money laundering", "payments", "Octopus", "wealth management",
    "family offices", "trade finance", "digital twins", "quantum computing",
    "edge computing", "AI chips", "smart buildings", "carbon accounting",
    "public consultation", "legal services", "accessibility", "scam prevention",
    "dementia care",
]
TAG_FIELDS = [
    "education", "healthcare", "finance", "transport", "retail", "public services",
    "insurance", "law", "logistics", "property",
]
# The long tail: "machine learning in healthcare" and the like.
TAGS += [f"{ai} in {field}" for field in TAG_FIELDS for ai in AI_TERMS]
TAGS = TAGS[:290]
# Chinese articles take these first: the sector's, the challenge's, a general one.
ZH_SECTOR_TAGS = {
    "education": "教育",
    "smart-cities-infrastructure": "智慧城市",
    "healthcare": "醫療",
    "fintech": "金融科技",
    "startups-innovation": "初創企業",
}
ZH_CHALLENGE_TAGS = {
    "data-privacy": "私隱",
    "job-displacement": "就業",
    "ethics-responsible-ai": "監管",
}
ZH_GENERAL_TAGS = ["人工智能", "數據"]
ZH_TAGS = [*ZH_GENERAL_TAGS, *ZH_SECTOR_TAGS.values(), *ZH_CHALLENGE_TAGS.values()]
# fmt: on
