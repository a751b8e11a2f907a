import { francAll } from "franc-min";

/**
 * The language of a text as a BCP 47 tag, or `undefined` when it cannot be told with confidence:
 * a wrong tag is worse than none (a screen reader or a translation tool trusts it), so short,
 * mixed or ambiguous text gets nothing.
 *
 * How it decides:
 * 1. Letters are counted by Unicode script. Below `MIN_LETTERS` letters, or when no script holds
 *    `MIN_SHARE` of them (a bilingual text), nothing is said.
 * 2. A script written for one language in practice decides it (Myanmar → `my`, Thai, Greek,
 *    Hangul, Han → `zh`, Han with kana → `ja`, …).
 * 3. Cyrillic and Arabic script are told apart by letters that only some of their languages use
 *    (`ы э ё` Russian, `і ї є ґ` Ukrainian, a vowel `ъ` Bulgarian; `ے ں ٹ` Urdu, `پ چ ژ گ ی ک`
 *    Persian, `ة ي ك` Arabic…), which is exact where a trigram model is not: on one sentence
 *    franc takes Russian for Bulgarian.
 * 4. Latin script (and Devanagari) goes to franc-min's trigram
 *    profiles, restricted to that script's languages. franc-min rather than eld or a profile of our
 *    own: it is maintained, small (about 150 kB with its data, no network and no model download at
 *    run time), pure JavaScript (bundles into the Lambda as is), and covers the languages with
 *    8 million speakers or more, which is where our users' documents come from. Trigrams need
 *    text: below `TRIGRAM_MIN_LETTERS` letters, or when the runner-up is within `MIN_MARGIN` of
 *    the best (judged by chunks, see `trigrams`), nothing is said.
 *
 * Long texts are sampled (`SAMPLE_WINDOW` characters from the start, the middle and the end), so
 * a title page in another language does not decide a document, and detection costs the same for
 * a 2 kB note and a 2 MB book.
 */
export function detectLanguage(text: string): string | undefined {
  const sample = sampleOf(text);
  const letters = sample.match(LETTER)?.length ?? 0;
  if (letters < MIN_LETTERS) return undefined;
  let top: Script | undefined;
  let topCount = 0;
  for (const script of SCRIPTS) {
    const count = sample.match(script.letters)?.length ?? 0;
    if (count > topCount) {
      top = script;
      topCount = count;
    }
  }
  if (!top || topCount < letters * MIN_SHARE) return undefined;
  const decide = top.language;
  if (typeof decide === "string") return decide;
  const own = sample.replace(LETTER, (ch) => (ch.match(top.letters) ? ch : " "));
  return decide(own, topCount);
}

/** Fewer letters than this say nothing about their language. */
export const MIN_LETTERS = 20;
/** A trigram decision needs this many letters of the script (franc is unreliable on a phrase). */
export const TRIGRAM_MIN_LETTERS = 40;
/** The share of the letters the main script must hold; below it the text is mixed. */
const MIN_SHARE = 0.6;
/**
 * How far ahead of the runner-up franc's best language must be in a chunk (its scores are
 * normalised to 1 for the best). A Spanish and a Portuguese sentence part by about 0.04.
 */
const MIN_MARGIN = 0.02;
const SAMPLE_WINDOW = 1_000;
/** The length of text franc judges at once (see `trigrams`). */
const CHUNK = 300;

const LETTER = /\p{L}/gu;

function sampleOf(text: string): string {
  if (text.length <= SAMPLE_WINDOW * 3) return text;
  const middle = Math.floor(text.length / 2 - SAMPLE_WINDOW / 2);
  return [
    text.slice(0, SAMPLE_WINDOW),
    text.slice(middle, middle + SAMPLE_WINDOW),
    text.slice(-SAMPLE_WINDOW),
  ].join(" ");
}

interface Script {
  letters: RegExp;
  /** The script's language, or how to choose among its languages (given only its letters). */
  language: string | ((letters: string, count: number) => string | undefined);
}

/**
 * franc-min's Latin-script languages (ISO 639-3, as it returns them) with their BCP 47 tags: the
 * ISO 639-1 code where there is one, the macrolanguage's where franc's is its main member
 * (`uzn` → `uz`), else the ISO 639-3 code, which BCP 47 takes as it is.
 */
const LATIN: Readonly<Record<string, string>> = {
  spa: "es",
  eng: "en",
  por: "pt",
  ind: "id",
  fra: "fr",
  deu: "de",
  jav: "jv",
  vie: "vi",
  ita: "it",
  tur: "tr",
  pol: "pl",
  swh: "sw",
  sun: "su",
  ron: "ro",
  hau: "ha",
  fuv: "fuv",
  bos: "bs",
  hrv: "hr",
  nld: "nl",
  srp: "sr",
  ckb: "ckb",
  yor: "yo",
  uzn: "uz",
  zlm: "ms",
  ibo: "ig",
  ceb: "ceb",
  tgl: "tl",
  hun: "hu",
  azj: "az",
  ces: "cs",
  run: "rn",
  plt: "mg",
  qug: "qug",
  mad: "mad",
  nya: "ny",
  zyb: "zyb",
  kin: "rw",
  zul: "zu",
  swe: "sv",
  lin: "ln",
  som: "so",
  hms: "hms",
  hnj: "hnj",
  ilo: "ilo",
};

/** The same for Devanagari, the other script franc-min is asked about. */
const BCP47: Readonly<Record<string, string>> = {
  ...LATIN,
  hin: "hi",
  mar: "mr",
  mai: "mai",
  bho: "bho",
  npi: "ne",
  mag: "mag",
};

/**
 * franc-min's language among `only`. franc normalises its scores by the length of the text, so the
 * best and the runner-up draw closer as a text grows (French against Spanish: 0.20 apart on one
 * sentence, 0.01 on ten); the text is therefore judged in chunks of about `CHUNK` characters, each
 * by the same margin, and the language is the one that at least two thirds of the chunks choose.
 */
function trigrams(only: string[]) {
  return (letters: string, count: number): string | undefined => {
    if (count < TRIGRAM_MIN_LETTERS) return undefined;
    const votes = new Map<string, number>();
    let chunks = 0;
    for (const chunk of chunksOf(letters)) {
      if ((chunk.match(LETTER)?.length ?? 0) < TRIGRAM_MIN_LETTERS) continue;
      chunks++;
      const [best, runnerUp] = francAll(chunk, { minLength: 0, only });
      if (!best || best[0] === "und") continue;
      if (runnerUp && best[1] - runnerUp[1] < MIN_MARGIN) continue;
      votes.set(best[0], (votes.get(best[0]) ?? 0) + 1);
    }
    for (const [language, n] of votes) if (n * 3 >= chunks * 2) return BCP47[language];
    return undefined;
  };
}

/** A text cut into pieces of about `CHUNK` characters, at spaces. */
function* chunksOf(text: string): Generator<string> {
  let from = 0;
  while (from < text.length) {
    let to = Math.min(text.length, from + CHUNK);
    if (to < text.length) {
      const space = text.lastIndexOf(" ", to);
      if (space > from + CHUNK / 2) to = space;
    }
    yield text.slice(from, to);
    from = to;
  }
}

/**
 * The letters some of a script's languages use and the others do not, strongest first; a marker
 * of several languages (its language `undefined`) ends the search with nothing said.
 */
function byMarkers(
  markers: ReadonlyArray<readonly [RegExp, string | undefined]>,
  otherwise: (letters: string, count: number) => string | undefined,
) {
  return (letters: string, count: number): string | undefined => {
    for (const [marker, language] of markers) if (marker.test(letters)) return language;
    return otherwise(letters, count);
  };
}

const CYRILLIC = byMarkers(
  [
    // Tajik and Kyrgyz, Mongolian, Tatar, Bashkir…: not told apart here.
    [/[ӣӯҳҷ]/iu, undefined],
    [/[әғқұ]/iu, "kk"],
    [/[өүһҗҡҫң]/iu, undefined],
    [/[ў]/iu, "be"],
    [/[їєґ]/iu, "uk"],
    [/[ѓќѕ]/iu, "mk"],
    [/[ђћџљњј]/iu, "sr"],
    [/[ыэё]/iu, "ru"],
    [/[і]/iu, "uk"],
  ],
  russianOrBulgarian,
);

/**
 * Cyrillic without any marker letter is Russian or Bulgarian; Bulgarian writes ъ as a vowel (some
 * 2 % of its letters), Russian hardly at all. franc's trigrams, asked instead, take a plain
 * Russian sentence for Bulgarian.
 */
function russianOrBulgarian(letters: string, count: number): string | undefined {
  if (count < TRIGRAM_MIN_LETTERS) return undefined;
  const hard = letters.match(/ъ/giu)?.length ?? 0;
  if (hard === 0) return "ru";
  return hard >= count * 0.005 ? "bg" : undefined;
}

/**
 * Arabic script: Pashto, Sorani Kurdish and Urdu by their own letters; then Persian (پ چ ژ گ and
 * the Persian forms of yeh and keheh) against Arabic (ة, Arabic yeh and kaf, alef maksura) by which
 * set is clearly more frequent; else nothing.
 */
function arabicScript(letters: string): string | undefined {
  if (/[ټډړږښګڼۍې]/u.test(letters)) return "ps";
  if (/[ڵڕێۆ]/u.test(letters)) return "ckb";
  if (/[ٹڈڑںےۓ]/u.test(letters)) return "ur";
  const persian = letters.match(/[پچژگیک]/gu)?.length ?? 0;
  const arabic = letters.match(/[ةيكى]/gu)?.length ?? 0;
  if (persian > arabic * 2) return "fa";
  if (arabic > persian * 2) return "ar";
  return undefined;
}

/**
 * The scripts counted, each with its language or how to choose. Han with kana (a tenth of the
 * CJK letters or more) is Japanese; Han alone is Chinese. Ethiopic (Amharic or Tigrinya), Bengali
 * script (Bengali or Assamese) and the like are left out rather than guessed.
 */
const SCRIPTS: Script[] = [
  { letters: /\p{Script=Latin}/gu, language: trigrams(Object.keys(LATIN)) },
  { letters: /\p{Script=Cyrillic}/gu, language: CYRILLIC },
  { letters: /\p{Script=Arabic}/gu, language: arabicScript },
  { letters: /\p{Script=Devanagari}/gu, language: trigrams(["hin", "mar", "npi"]) },
  { letters: /\p{Script=Myanmar}/gu, language: "my" },
  {
    letters: /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/gu,
    language: (letters, count) =>
      (letters.match(/[\p{Script=Hiragana}\p{Script=Katakana}]/gu)?.length ?? 0) >= count / 10
        ? "ja"
        : "zh",
  },
  { letters: /\p{Script=Hangul}/gu, language: "ko" },
  { letters: /\p{Script=Thai}/gu, language: "th" },
  { letters: /\p{Script=Greek}/gu, language: "el" },
  { letters: /\p{Script=Hebrew}/gu, language: "he" },
  { letters: /\p{Script=Georgian}/gu, language: "ka" },
  { letters: /\p{Script=Armenian}/gu, language: "hy" },
  { letters: /\p{Script=Khmer}/gu, language: "km" },
  { letters: /\p{Script=Lao}/gu, language: "lo" },
  { letters: /\p{Script=Sinhala}/gu, language: "si" },
  { letters: /\p{Script=Tamil}/gu, language: "ta" },
  { letters: /\p{Script=Telugu}/gu, language: "te" },
  { letters: /\p{Script=Kannada}/gu, language: "kn" },
  { letters: /\p{Script=Malayalam}/gu, language: "ml" },
  { letters: /\p{Script=Gujarati}/gu, language: "gu" },
  { letters: /\p{Script=Gurmukhi}/gu, language: "pa" },
];
