"""Writes qwen_qlora/data/sample.jsonl: the bundled instruction data (Chinese and English), reproducibly.

Every row is an Alpaca-style record (instruction, input, output) built from small fact tables and templates, so that a
tiny model can learn the patterns on a CPU in about a minute. Run `python tools/make_sample_data.py`; the output is
the same on every run (fixed seed).
"""
import json, random
from pathlib import Path

CAPITALS = [("France", "Paris", "法国", "巴黎"), ("Japan", "Tokyo", "日本", "东京"), ("China", "Beijing", "中国", "北京"),
    ("Germany", "Berlin", "德国", "柏林"), ("Italy", "Rome", "意大利", "罗马"), ("Spain", "Madrid", "西班牙", "马德里"),
    ("Russia", "Moscow", "俄罗斯", "莫斯科"), ("Egypt", "Cairo", "埃及", "开罗"), ("Canada", "Ottawa", "加拿大", "渥太华"),
    ("Korea", "Seoul", "韩国", "首尔"), ("Thailand", "Bangkok", "泰国", "曼谷"), ("Greece", "Athens", "希腊", "雅典"),
    ("Kenya", "Nairobi", "肯尼亚", "内罗毕"), ("Peru", "Lima", "秘鲁", "利马"), ("Cuba", "Havana", "古巴", "哈瓦那"),
    ("Austria", "Vienna", "奥地利", "维也纳"), ("Norway", "Oslo", "挪威", "奥斯陆"), ("Poland", "Warsaw", "波兰", "华沙"),
    ("Ireland", "Dublin", "爱尔兰", "都柏林"), ("Portugal", "Lisbon", "葡萄牙", "里斯本")]
OPPOSITES = [("hot", "cold", "热", "冷"), ("big", "small", "大", "小"), ("up", "down", "上", "下"),
             ("fast", "slow", "快", "慢"),
    ("old", "new", "旧", "新"), ("day", "night", "白天", "夜晚"), ("open", "closed", "开", "关"), ("light", "dark", "明", "暗"),
    ("high", "low", "高", "低"), ("early", "late", "早", "晚"), ("long", "short", "长", "短"), ("rich", "poor", "富", "穷")]
COLORS = [("red", "红色"), ("blue", "蓝色"), ("green", "绿色"), ("yellow", "黄色"), ("black", "黑色"), ("white", "白色"),
    ("purple", "紫色"), ("orange", "橙色"), ("pink", "粉色"), ("gray", "灰色")]
NUMS_ZH = "零一二三四五六七八九十"

def rows(rng):
    "Yield every record of the sample set."
    for en, cap, zh, zcap in CAPITALS:
        yield dict(instruction=f"What is the capital of {en}?", input="", output=f"The capital of {en} is {cap}.")
        yield dict(instruction=f"{zh}的首都是哪里？", input="", output=f"{zh}的首都是{zcap}。")
    for w, o, zw, zo in OPPOSITES:
        yield dict(instruction=f"What is the opposite of \"{w}\"?", input="",
                   output=f"The opposite of \"{w}\" is \"{o}\".")
        yield dict(instruction=f"What is the opposite of \"{o}\"?", input="",
                   output=f"The opposite of \"{o}\" is \"{w}\".")
        yield dict(instruction=f"「{zw}」的反义词是什么？", input="", output=f"「{zw}」的反义词是「{zo}」。")
        yield dict(instruction=f"「{zo}」的反义词是什么？", input="", output=f"「{zo}」的反义词是「{zw}」。")
    for en, zh in COLORS:
        yield dict(instruction="Translate the word into Chinese.", input=en,
                   output=f"\"{en}\" in Chinese is \"{zh}\".")
        yield dict(instruction="把这个词翻译成英文。", input=zh, output=f"「{zh}」的英文是「{en}」。")
    for a in range(1, 60):
        n = rng.randint(3, 6)
        yield dict(instruction=f"Count from {a} to {a + n - 1}.", input="",
                   output=", ".join(str(a + i) for i in range(n)) + ".")
    for a in range(0, 10):
        for step in (1, 2):
            seq = [NUMS_ZH[i] for i in range(a, 11, step)][:5]
            if len(seq) >= 3: yield dict(instruction=f"从{seq[0]}开始，每次加{NUMS_ZH[step]}，写出{NUMS_ZH[len(seq)]}个数。",
                                         input="", output="、".join(seq) + "。")
    for _ in range(80):
        a, b = rng.randint(1, 40), rng.randint(1, 40)
        if rng.random() < .5: yield dict(instruction=f"What is {a} plus {b}?", input="",
                                         output=f"{a} plus {b} is {a + b}.")
        else: yield dict(instruction=f"{a}加{b}等于多少？", input="", output=f"{a}加{b}等于{a + b}。")
    words = ["apple", "river", "mountain", "garden", "window", "silver", "planet", "rocket", "forest", "castle",
             "bridge", "summer",
             "winter", "coffee", "music", "pencil", "tiger", "dragon", "cloud", "ocean"]
    for w in words:
        yield dict(instruction="Write the word in capital letters.", input=w, output=w.upper())
        yield dict(instruction="Spell the word backwards.", input=w, output=w[::-1])

if __name__ == '__main__':
    rng = random.Random(0)
    data = list(rows(rng)); rng.shuffle(data)
    out = Path(__file__).parent.parent/'qwen_qlora'/'data'/'sample.jsonl'
    out.write_text(''.join(json.dumps(r, ensure_ascii=False) + '\n' for r in data), encoding='utf-8')
    print(f"{len(data)} rows -> {out}")
