// Hand-written text for the tokenizer golden corpus: prose in many scripts, code, math, chat.
// Written for this project; only the licence texts added by make-corpus.ts come from elsewhere.

export const englishProse = `The lighthouse keeper's log, week of the spring storms

Monday. Wind from the north-west, steady at force six; the barometer fell 14 hPa between dawn and noon. I re-tarred the east shutter (it's been leaking since February) and counted the gulls on the breakwater: 212, which is 37 more than last Monday. They'll leave when the herring do.

Tuesday. Fog. The horn ran for nine hours and forty minutes, and I didn't sleep much. A trawler, the "Mary-Ellen II", called in at 03:15 asking for a bearing; I gave her 274° and she answered "Thanks, we're clear now." Nothing else on the radio but static and a weather bulletin read twice.

Wednesday — the supply boat came at last. Flour, lamp oil, two crates of apples, a box of letters (mostly bills), and a newspaper that's already a fortnight old. The headline says the council has approved the new harbour wall... again. I'd believe it when I see the stones.

Thursday. Clear and cold. I climbed to the gallery at sunset and could see three other lights: Skerry Point to the south, the Old Man to the west, and — faint but certain — the new LED beacon on the rig, blinking twice every ten seconds. WHAT A VIEW. I'VE NEVER SEEN THE AIR SO STILL. YOU'LL HAVE TO TAKE MY WORD FOR IT.

Friday. Rain, then hail, then rain again. Read an old almanac; it claims the tower was first lit on 1 November 1871 with a paraffin lamp of 45 candlepower. Today's lamp is rated at 1,200,000 candela, though who's counting?

A few notes on method, for whoever comes after me:
  * Wind the clockwork every 4 hours, not 5 — it runs slow in the damp.
  * Keep the logbook dry; keep the spare mantles drier.
  * If the generator coughs, check the fuel filter first, the injector second, and your temper third.
  * Don't trust the tide tables in the blue binder: they're for the wrong year (2019).

"Why do you stay?" my sister asked in her last letter. Because somebody must, I suppose; because the sea doesn't care whether anyone's watching, and I'd rather someone were. Because on a night like Thursday's, the work is its own reward.

On reading and writing. A good sentence is a small machine: it takes the reader from one state to another with as little friction as possible. Long words aren't the problem; vague words are. "Utilise" instead of "use" is a vice, but "sesquipedalian" is occasionally exactly right. Hyphenation (state-of-the-art, well-known, twenty-one) and capitalisation (the Crown, the crown) change meaning more than people think.

Abbreviations & odd punctuation: e.g., i.e., etc., vs., Mr. Smith, Dr. O'Brien, St. John's, U.S.A., Ph.D.; the ampersand (&), the pilcrow (¶), the section sign (§), the dagger (†) and double dagger (‡); quotation marks “curly” and ‘single’, «guillemets», „low-high“, and the interrobang ‽. Prices: $4.99, €12,50, £7, ¥1200, ₹450, ₩15,000, ฿99. Percentages: 3%, 45.5 %, 100%. Fractions: ½ ¼ ¾ ⅓ ⅞. Temperatures: −12 °C, 98.6 °F, 300 K.

The committee's report, in its entirety:
"We have reviewed the proposal. We find it ambitious. We recommend that it be reviewed again."
`;

export const moreEnglish = `Field notes on bread

Flour, water, salt, time. Everything else is commentary. A loaf at 72% hydration behaves very differently from one at 65%: the wetter dough is slack, sticky and unforgiving when shaped, yet it bakes into a crumb full of glossy, irregular holes. The drier dough is obedient and gives a tight, even crumb that's better for sandwiches.

Temperature matters more than most recipes admit. At 24 °C a sourdough starter peaks in roughly six hours; at 18 °C it may take eleven. Bakers talk about "desired dough temperature" and compute the water temperature from it: multiply the target by the number of factors (flour, room, starter, friction), subtract the known ones, and what's left is the water. It's arithmetic, not magic — but it feels like magic the first time it works.

Common mistakes, in the order I made them:
1) Under-proofing, then blaming the oven.
2) Over-proofing, then blaming the flour.
3) Slashing too shallowly, so the loaf burst sideways.
4) Cutting into it hot. (Everyone does this. Don't.)

Weights for two loaves: 1000 g bread flour, 720 g water, 200 g levain, 20 g salt. Bulk ferment 4–5 h with four sets of stretch-and-folds in the first two hours; pre-shape, rest 30 min, shape, retard overnight at 4 °C; bake at 250 °C covered for 20 min and uncovered for 25 min more.

A note on the word "crumb": bakers mean the interior of the loaf, not the little bits on the plate. Similarly "oven spring" is the final rise in the first minutes of baking, and "ear" is the flap of crust lifted by the slash. Jargon isn't a barrier when it names something you can point at.

Q: Can I use whole-wheat flour?
A: Yes, but it absorbs more water; add 5–10% and expect a denser loaf.
Q: Why is my crust soft?
A: Steam too late, or the loaf cooled in a closed bag. Let it breathe.
Q: What's the single best upgrade?
A: A kitchen scale. Cups lie.
`;

export const codeSamples = `// ---- TypeScript ----
import { readFile } from 'node:fs/promises';

interface Sample<T> {
\treadonly id: number;
\tvalue: T;
\ttags?: string[];
}

export async function loadSamples(path: string): Promise<Sample<string>[]> {
\tconst text = await readFile(path, 'utf8');
\treturn text
\t\t.split(/\\r?\\n/)
\t\t.filter((line) => line.trim().length > 0)
\t\t.map((line, i) => ({ id: i, value: line, tags: line.startsWith('#') ? ['comment'] : undefined }));
}

const enum Mode { Fast = 1 << 0, Safe = 1 << 1, Both = Fast | Safe }
type Pair = [left: number, right: number];
const swap = ([a, b]: Pair): Pair => [b, a];
let counter = 0; counter += 0x1f; counter >>>= 2; counter ??= 7;

# ---- Python ----
from dataclasses import dataclass, field
from typing import Iterator

@dataclass(frozen=True)
class Interval:
    lo: float
    hi: float
    labels: list[str] = field(default_factory=list)

    def __contains__(self, x: float) -> bool:
        return self.lo <= x < self.hi

    def split(self, n: int) -> Iterator["Interval"]:
        width = (self.hi - self.lo) / n
        for k in range(n):
            yield Interval(self.lo + k * width, self.lo + (k + 1) * width)

if __name__ == "__main__":
    iv = Interval(0.0, 1.0)
    print([round(p.lo, 3) for p in iv.split(7)], 0.5 in iv, f"{iv.hi:>10.4f}")
    squares = {i: i ** 2 for i in range(10) if i % 3 != 0}
    print(sorted(squares.items(), key=lambda kv: -kv[1])[:3])

// ---- Rust ----
use std::collections::HashMap;

#[derive(Debug, Clone, PartialEq)]
enum Token<'a> { Word(&'a str), Number(i64), Punct(char) }

fn lex(input: &str) -> Vec<Token<'_>> {
    let mut out = Vec::new();
    for piece in input.split_whitespace() {
        if let Ok(n) = piece.parse::<i64>() { out.push(Token::Number(n)); }
        else if piece.len() == 1 && !piece.chars().all(char::is_alphanumeric) { out.push(Token::Punct(piece.chars().next().unwrap())); }
        else { out.push(Token::Word(piece)); }
    }
    out
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut counts: HashMap<String, usize> = HashMap::new();
    for t in lex("let x = 42 ; let y = x + 1 ;") { *counts.entry(format!("{:?}", t)).or_default() += 1; }
    println!("{counts:#?}");
    Ok(())
}

/* ---- C ---- */
#include <stdio.h>
#include <stdint.h>

static uint32_t fnv1a(const unsigned char *s, size_t n) {
\tuint32_t h = 2166136261u;
\tfor (size_t i = 0; i < n; ++i) { h ^= s[i]; h *= 16777619u; }
\treturn h;
}

int main(int argc, char **argv) {
\tfor (int i = 1; i < argc; i++) printf("%-20s %08x\\n", argv[i], fnv1a((const unsigned char *)argv[i], strlen(argv[i])));
\treturn argc > 1 ? 0 : 1;
}

// ---- Go ----
package main

import (
\t"fmt"
\t"sort"
\t"strings"
)

type byLen []string

func (s byLen) Len() int           { return len(s) }
func (s byLen) Less(i, j int) bool { return len(s[i]) < len(s[j]) }
func (s byLen) Swap(i, j int)      { s[i], s[j] = s[j], s[i] }

func main() {
\twords := strings.Fields("the quick brown fox jumps over the lazy dog")
\tsort.Stable(byLen(words))
\tch := make(chan int, 3)
\tgo func() { defer close(ch); for i := 0; i < 3; i++ { ch <- i * i } }()
\tfor v := range ch { fmt.Printf("%d:%v ", v, words[v%len(words)]) }
}

# ---- Bash ----
#!/usr/bin/env bash
set -euo pipefail
for f in ./logs/*.log; do
  [[ -s "$f" ]] || continue
  n=$(grep -c 'ERROR' "$f" || true)
  printf '%s\\t%5d\\n' "$(basename "$f")" "$n"
done | sort -k2 -nr | head -n 10
awk -F, 'NR > 1 { sum[$1] += $3 } END { for (k in sum) print k, sum[k] }' data.csv 2>/dev/null >> totals.txt

-- ---- SQL ----
SELECT c.name, COUNT(o.id) AS orders, ROUND(AVG(o.total), 2) AS avg_total
FROM customers AS c
LEFT JOIN orders AS o ON o.customer_id = c.id AND o.created_at >= DATE '2024-01-01'
WHERE c.country IN ('DE', 'FR', 'JP') AND c.name NOT LIKE '%test%'
GROUP BY c.name
HAVING COUNT(o.id) > 3
ORDER BY avg_total DESC NULLS LAST
LIMIT 25 OFFSET 50;

<!-- ---- HTML & CSS ---- -->
<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Tide &amp; Time</title>
  <style>
    :root { --accent: #0a7cff; --gap: calc(1rem + 2px); }
    body > main.grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(12em, 1fr)); gap: var(--gap); }
    a:hover, a:focus-visible { color: var(--accent); text-decoration: underline dotted; }
    @media (prefers-color-scheme: dark) { body { background: #111; color: #eee; } }
  </style>
</head>
<body>
  <main class="grid" data-count="3"><a href="/tides?from=2024-06-01&amp;to=2024-06-30">June</a></main>
</body>
</html>

-- ---- Haskell ----
module Main where
import qualified Data.Map.Strict as M

wordFreq :: String -> M.Map String Int
wordFreq = foldr (\\w -> M.insertWith (+) w 1) M.empty . words

main :: IO ()
main = mapM_ print . take 5 . M.toList $ wordFreq "a b a c b a"

; ---- Lisp ----
(defun fib (n) (if (< n 2) n (+ (fib (- n 1)) (fib (- n 2)))))
(mapcar #'fib '(0 1 2 3 4 5 6 7 8 9 10))

% ---- Makefile-ish ----
CFLAGS ?= -O2 -Wall -Wextra
%.o: %.c
\t$(CC) $(CFLAGS) -c $< -o $@
`;

export const latexMath = String.raw`\documentclass{article}
\usepackage{amsmath,amssymb}
\begin{document}
\section*{Some identities}
For all $x \in \mathbb{R}$, $e^{ix} = \cos x + i \sin x$, and in particular $e^{i\pi} + 1 = 0$.
The Gaussian integral: \[ \int_{-\infty}^{\infty} e^{-x^2}\,dx = \sqrt{\pi}. \]
A sum and a product:
\begin{align}
  \sum_{k=1}^{n} k^2 &= \frac{n(n+1)(2n+1)}{6}, \\
  \prod_{p\ \text{prime}} \left(1 - p^{-s}\right)^{-1} &= \zeta(s) \quad (\operatorname{Re} s > 1).
\end{align}
Let $A = \begin{pmatrix} a & b \\ c & d \end{pmatrix}$; then $\det A = ad - bc$ and $A^{-1} = \frac{1}{ad-bc}\begin{pmatrix} d & -b \\ -c & a \end{pmatrix}$.
Limits: $\lim_{n\to\infty} \left(1+\frac{1}{n}\right)^n = e$, $\lim_{x \to 0^+} x \ln x = 0$.
Inequality (Cauchy--Schwarz): $\left|\langle u, v\rangle\right|^2 \le \langle u,u\rangle \cdot \langle v,v\rangle$.
Sets: $\{x \in \mathbb{Z} : x^2 < 10\} = \{-3,-2,-1,0,1,2,3\}$, $A \cup B$, $A \cap B = \emptyset$, $\mathcal{P}(S)$, $|S| = \aleph_0$.
Calculus: $\frac{d}{dx}\left[\sin(x^2)\right] = 2x\cos(x^2)$; $\iint_D f(x,y)\,dA$; $\oint_C \mathbf{F}\cdot d\mathbf{r} = \iint_S (\nabla \times \mathbf{F})\cdot d\mathbf{S}$.
Probability: $P(A \mid B) = \frac{P(B \mid A)\,P(A)}{P(B)}$, $\mathbb{E}[X] = \sum_x x\,p(x)$, $\operatorname{Var}(X) = \mathbb{E}[X^2] - \mathbb{E}[X]^2$.
Answer: $\boxed{\dfrac{3\sqrt{2}}{4}}$ and also \boxed{42} and $\boxed{x = -\tfrac{1}{2}}$.
Unicode math: ∀ε>0 ∃δ>0 : |x−a|<δ ⇒ |f(x)−f(a)|<ε; ∑ᵢ aᵢ² ≤ (∑ᵢ |aᵢ|)²; ∇·B = 0; ∂u/∂t = α∇²u; ℝⁿ ⊂ ℂⁿ; ∞ ≈ ≠ ≡ ≅ ∝ ∴ ∵ ⊕ ⊗ ⟨ψ|φ⟩.
\end{document}
`;

export const chinese = `关于学习的一些想法

学习一门新的语言，最难的不是语法，而是坚持。每天花二十分钟读一段文章，比周末突击五个小时更有效。我从去年三月开始学日语，到现在已经能看懂大部分新闻标题了。

有人问我：“你为什么要学这么多语言？”我说，因为每一种语言都像一扇窗户，打开它，就能看到一个不同的世界。汉语里的“缘分”，英语里很难找到一个完全对应的词；而英语里的“serendipity”，翻译成中文也总觉得少了点什么。

今天的天气很好，气温大约二十三度，微风。下午我去了图书馆，借了三本书：一本关于宋代历史，一本是科幻小说，还有一本讲数学的普及读物。图书馆的阅览室里很安静，只有翻书的声音和空调的嗡嗡声。

数学题：已知函数 f(x) = x² − 4x + 3，求它的最小值。
解：f(x) = (x − 2)² − 1，所以当 x = 2 时，最小值为 −1。

成语练习：画蛇添足、守株待兔、亡羊补牢、对牛弹琴、掩耳盗铃、井底之蛙。
繁體字示例：學習、語言、圖書館、歷史、說話、國際、經濟、電腦。
`;

export const japanese = `日本語のサンプル文

今朝は早く起きて、近所の公園を散歩しました。桜はもう散ってしまいましたが、新緑がとてもきれいでした。ベンチに座ってコーヒーを飲みながら、鳥の声を聞いていると、時間を忘れてしまいます。

カタカナ語はたくさんあります：コンピューター、インターネット、スマートフォン、アルゴリズム、データベース、トークナイザー。ひらがなだけの文もあります：きょうはいいてんきですね。あしたもはれるといいな。

「明日の会議は何時からですか？」
「午前十時からです。資料は昨日メールで送りました。」
「ありがとうございます。確認しておきます。」

俳句：古池や　蛙飛び込む　水の音
半角カナ：ｱｲｳｴｵ ｶｷｸｹｺ　全角英数：ＡＢＣ１２３
`;

export const korean = `한국어 예문

오늘은 비가 와서 집에서 책을 읽었습니다. 창밖으로 빗소리가 들리고, 따뜻한 차 한 잔이 있으니 더할 나위 없이 좋았습니다. 요즘 읽고 있는 책은 조선 시대의 과학 기술에 관한 것인데, 측우기와 해시계에 대한 이야기가 특히 흥미로웠습니다.

"내일 시간 있어요?" "네, 오후 세 시 이후에는 괜찮아요." "그럼 같이 점심 먹을까요?"

한글은 1443년에 세종대왕이 창제하였고, 1446년에 훈민정음이라는 이름으로 반포되었습니다. 자음 14개와 모음 10개를 조합하여 글자를 만듭니다: ㄱ ㄴ ㄷ ㄹ ㅁ ㅂ ㅅ ㅇ ㅈ ㅊ ㅋ ㅌ ㅍ ㅎ / ㅏ ㅑ ㅓ ㅕ ㅗ ㅛ ㅜ ㅠ ㅡ ㅣ.
`;

export const arabic = `نص عربي للتجربة

اللغة العربية من أكثر اللغات انتشاراً في العالم، ويتحدث بها أكثر من أربعمئة مليون شخص. تُكتب من اليمين إلى اليسار، وتتصل معظم حروفها ببعضها داخل الكلمة.

ذهبتُ صباح اليوم إلى السوق واشتريتُ خبزاً وجبناً وزيتوناً. كان الجو معتدلاً، والشمس مشرقة، والناس يتبادلون التحية: "صباح الخير!" — "صباح النور!"

الأرقام العربية المشرقية: ٠ ١ ٢ ٣ ٤ ٥ ٦ ٧ ٨ ٩، والسنة ٢٠٢٤. مع التشكيل: بِسْمِ اللَّهِ، كَتَبَ الطَّالِبُ الدَّرْسَ.
עברית: שלום עולם! היום יום יפה, והשמש זורחת מעל ירושלים.
فارسی: زبان فارسی زیباست و شعرهای حافظ و سعدی هنوز خوانده می‌شوند.
`;

export const hindi = `हिंदी का नमूना पाठ

आज सुबह मैंने बगीचे में पौधों को पानी दिया। गुलाब के फूल खिल गए हैं और आम के पेड़ पर छोटे-छोटे फल लगने लगे हैं। दोपहर में बहुत गर्मी थी, इसलिए मैं घर के अंदर बैठकर किताब पढ़ता रहा।

गणित: यदि x + 5 = 12 है, तो x = 7 होगा। देवनागरी अंक: ० १ २ ३ ४ ५ ६ ७ ८ ९।
संस्कृत श्लोक: कर्मण्येवाधिकारस्ते मा फलेषु कदाचन।
বাংলা: আমি বাংলায় গান গাই। தமிழ்: வணக்கம், எப்படி இருக்கிறீர்கள்? ไทย: สวัสดีครับ วันนี้อากาศดีมาก
`;

export const russianGreek = `Русский текст

Вчера вечером мы сидели на веранде и пили чай с вареньем. Бабушка рассказывала истории о том, как в молодости работала на почте в маленьком городке на Волге: «Писем тогда было много, а телефонов — мало».

Съешь же ещё этих мягких французских булок, да выпей чаю. Ёлка, подъезд, объявление, щёлка.
Українська: Гарна погода сьогодні, ходімо гуляти! Їжак, ґудзик, єнот.
Български: Здравейте, как сте? Српски: Добар дан! Беларуская: Дзякуй вялікі.

Ελληνικά

Η γλώσσα μας έχει ιστορία τριών χιλιάδων ετών. Ο Αριστοτέλης έγραψε για τη λογική, ο Ευκλείδης για τη γεωμετρία. Τα Στοιχεία του Ευκλείδη ξεκινούν με ορισμούς: «Σημείον ἐστιν, οὗ μέρος οὐθέν».
Ξεσκεπάζω την ψυχοφθόρα βδελυγμία. Αλφάβητο: Α Β Γ Δ Ε Ζ Η Θ Ι Κ Λ Μ Ν Ξ Ο Π Ρ Σ Τ Υ Φ Χ Ψ Ω / α β γ δ ε ζ η θ ι κ λ μ ν ξ ο π ρ σ ς τ υ φ χ ψ ω.
`;

export const europeanLatin = `Latin-script languages with diacritics

Deutsch: Größere Straßen führen über die Brücke; die Bäume blühen früh. Äpfel, Öl, Übung — ẞ als Großbuchstabe.
Français: L'été dernier, nous sommes allés à la plage ; c'était magnifique ! « Où est la gare ? » — « À côté de l'hôtel. » Œuvre, cœur, naïf, Noël.
Español: ¿Dónde está la biblioteca? ¡Qué día tan bonito! El niño comió piña y jalapeños en la mañana.
Português: A tradução é difícil, mas não impossível. Ações, corações, pão, avó, avô.
Italiano: Perché non andiamo al caffè? Città, più, così, Università.
Polski: Zażółć gęślą jaźń. Źdźbło, chrząszcz brzmi w trzcinie.
Čeština: Příliš žluťoučký kůň úpěl ďábelské ódy.
Türkçe: İstanbul'da ılık bir gün; ığdır, ışık, şeker, çiçek, öğretmen. Dotted İ and dotless ı.
Tiếng Việt: Tôi yêu tiếng Việt; những người bạn ở Hà Nội và Thành phố Hồ Chí Minh.
Íslenska: Þú ert góður vinur, ég þakka þér. Dansk/Norsk: Blåbærsyltetøy, ærlig, øl. Svenska: Räksmörgås.
Ligatures and letter-likes: ﬁ ﬂ ﬀ ﬃ Ǆ ǅ ǆ ſ Å (angstrom) K (kelvin) ℃ № ™ ℗.
`;

export const emojiText = `Emoji and symbols

Simple: 😀 😂 🥲 😍 🤔 🙃 😴 🤖 👻 💩 🎉 🔥 ✨ 🌍 🌈 ☀️ ⛄ 🍕 🍣 🍺 ⚽ 🏀 🚀 ✈️ 🚲 📚 💡 🔑 🧩 🪐
Skin tones: 👍 👍🏻 👍🏼 👍🏽 👍🏾 👍🏿 👋🏽 🙏🏾
ZWJ families and professions: 👨‍👩‍👧‍👦 👩‍👩‍👦 👨‍💻 👩‍🔬 🧑‍🚀 🏳️‍🌈 🏴‍☠️ 🐻‍❄️ ❤️‍🔥
Flags: 🇯🇵 🇩🇪 🇧🇷 🇮🇳 🇺🇸 🇰🇷 🇪🇺 🏴󠁧󠁢󠁳󠁣󠁴󠁿
Keycaps: 1️⃣ 2️⃣ 3️⃣ #️⃣ *️⃣ 🔟
Arrows & boxes: ← ↑ → ↓ ↔ ⇐ ⇒ ⟶ ┌─┬─┐ │ │ │ ├─┼─┤ └─┴─┘ ░▒▓█ ■□▪▫ ●○◆◇★☆ ♠♣♥♦ ♩♪♫♬ ☑☒ ✓✗
Sentences: I finished the marathon!!! 🏃‍♀️🏅 Then I ate 3 🍩🍩🍩 and slept for 12h 😴💤. 10/10 would do again 👌.
`;

export const combiningAndSpecial = `Combining marks, invisible characters and controls

Combining sequences with no precomposed form: q̃ ẍ̌ m̂ n̈ ẅ͡ a̱ b̰ c̣̄ ŋ̊ ɛ̃ ɔ̃ ǰ y̯ l̥ r̩ ṃ̄.
Stacked marks (z̴̡̛̗̙̤͎̈́̎̓a̸̧͙̓ͅl̷̰͂g̵̛̰̈́ö̶̱́ text): Z͑ͫ̓ͪ̂ͫ̽͏̴̙̤̞͉͚̯̞̠͍A̴̵̜̰͔ͫ͗͢L̠ͨͧͩ͘G̴̻͈͍͔̹̑͗̎̅͛́Ǫ̵̹̻̝̳͂̌̌͘!͖̬̰̙̗̿̋ͥͥ̂ͣ̐́́͜͞
Devanagari and Thai with vowel signs: क्षत्रिय, ज्ञान, श्री; กิ่งก้าน ผู้ใหญ่ น้ำแข็ง.
Hangul jamo sequences (conjoining, composed by NFC): \u1112\u1161\u11ab \u1100\u1173\u11af.
Invisible: zero-width space [\u200b], zero-width joiner [\u200d], zero-width non-joiner [\u200c], word joiner [\u2060], soft hyphen [\u00ad], BOM/ZWNBSP [\ufeff], left-to-right mark [\u200e], right-to-left mark [\u200f].
Spaces: no-break [\u00a0], en [\u2002], em [\u2003], thin [\u2009], hair [\u200a], narrow nbsp [\u202f], ideographic [\u3000], figure [\u2007].
Replacement character: [\ufffd] and private use: [\ue000\uf8ff] and object replacement: [\ufffc].
Controls: NUL[\u0000] SOH[\u0001] BEL[\u0007] BS[\u0008] VT[\u000b] FF[\u000c] ESC[\u001b] DEL[\u007f] C1-NEL[\u0085].
`;

export const chatTranscripts = `<|im_start|>system
You are a helpful assistant. Answer concisely.<|im_end|>
<|im_start|>user
What is the capital of Australia? /no_think<|im_end|>
<|im_start|>assistant
<think>

</think>

The capital of Australia is Canberra.<|im_end|>
<|im_start|>user
And how many states does it have?<|im_end|>
<|im_start|>assistant
<think>
The user asks about the number of states. Australia has six states (New South Wales, Victoria, Queensland, Western Australia, South Australia, Tasmania) plus territories. I'll answer six and mention the territories briefly.
</think>

Australia has **six states** — New South Wales, Victoria, Queensland, South Australia, Western Australia and Tasmania — plus two major mainland territories.<|im_end|>
<|im_start|>user
What's the weather in Paris right now?<|im_end|>
<|im_start|>assistant
<think>
I should call the weather tool.
</think>

<tool_call>
{"name": "get_weather", "arguments": {"city": "Paris", "unit": "celsius"}}
</tool_call><|im_end|>
<|im_start|>user
<tool_response>
{"temperature": 17.5, "condition": "light rain", "humidity": 0.82}
</tool_response><|im_end|>
<|im_start|>assistant
It's 17.5 °C in Paris with light rain and 82% humidity. ☔<|im_end|>
<|endoftext|>Special tokens glued to text:<|im_start|>x<|im_end|>y<think>z</think>w<tool_call>v</tool_call>u<tool_response>t</tool_response>s<|endoftext|>
Near misses that are NOT special tokens: <|im_start <im_start|> <| im_end |> <THINK> </ think> <tool_calls> <|endoftext| |endoftext|>
Other Qwen added tokens: <|object_ref_start|><|object_ref_end|><|box_start|><|box_end|><|quad_start|><|quad_end|><|vision_start|><|vision_end|><|vision_pad|><|image_pad|><|video_pad|><|fim_prefix|><|fim_middle|><|fim_suffix|><|fim_pad|><|repo_name|><|file_sep|>
`;
