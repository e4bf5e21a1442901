/**
 * Deterministic, realistic test dataset: Korean fresh-food online sales (2,726 rows). Same seed →
 * same bytes, on every machine. Used by the executor's and the agent's tests and demos.
 */

export const SALES_ROW_COUNT = 2726;
export const SALES_COLUMNS = [
  "Date",
  "Product",
  "Category",
  "Size",
  "Qty",
  "Amount",
  "ship-city",
  "ship-state",
  "ship-postal-code",
  "promotion-ids",
  "Gender",
  "Age Group",
] as const;
export const SALES_CATEGORIES = ["과일", "수산물", "채소", "유제품", "육류"] as const;

export type SalesRow = Record<(typeof SALES_COLUMNS)[number], string | number>;

/** [product, { size: unit price in KRW }] per category. */
const CATALOG: Record<(typeof SALES_CATEGORIES)[number], [string, Record<string, number>][]> = {
  과일: [
    ["사과", { "1kg": 12900, "2kg": 23900, "5kg": 52000 }],
    ["배", { "3kg": 29900, "5kg": 45900 }],
    ["딸기", { "500g": 11900, "1kg": 21900 }],
    ["감귤", { "2kg": 15900, "5kg": 32900 }],
    ["샤인머스캣", { "1송이": 17900, "2송이": 33900 }],
    ["복숭아", { "2kg": 27900, "4kg": 49900 }],
  ],
  수산물: [
    ["고등어", { "3마리": 13900, "5마리": 21900 }],
    ["갈치", { "2마리": 29900, "4마리": 55900 }],
    ["오징어", { "3마리": 18900 }],
    ["새우", { "500g": 16900, "1kg": 29900 }],
    ["연어", { "300g": 19900, "600g": 36900 }],
    ["전복", { "1kg": 49900 }],
  ],
  채소: [
    ["배추", { "1포기": 4900, "3포기": 12900 }],
    ["양파", { "1.5kg": 5900, "3kg": 9900 }],
    ["감자", { "1kg": 4900, "3kg": 12900 }],
    ["고구마", { "1kg": 6900, "3kg": 17900 }],
    ["대파", { "1단": 3900 }],
    ["파프리카", { "500g": 7900 }],
  ],
  유제품: [
    ["우유", { "900ml": 2980, "2.3L": 6480 }],
    ["요거트", { "4개입": 4980, "8개입": 8980 }],
    ["치즈", { "200g": 7980, "400g": 13980 }],
    ["버터", { "450g": 12900 }],
  ],
  육류: [
    ["한우 등심", { "300g": 42900, "600g": 82900 }],
    ["삼겹살", { "500g": 15900, "1kg": 29900 }],
    ["목살", { "500g": 14900, "1kg": 27900 }],
    ["닭가슴살", { "1kg": 11900, "2kg": 21900 }],
    ["소불고기", { "500g": 18900 }],
  ],
};
const CATEGORY_WEIGHTS = [30, 18, 22, 14, 16];

/** [city, state, postal-code range]. */
const CITIES: [string, string, number, number, number][] = [
  ["서울", "서울특별시", 1000, 8899, 30],
  ["부산", "부산광역시", 46000, 49999, 10],
  ["인천", "인천광역시", 21000, 23199, 8],
  ["대구", "대구광역시", 41000, 43099, 7],
  ["대전", "대전광역시", 34000, 35499, 5],
  ["광주", "광주광역시", 61000, 62399, 4],
  ["수원", "경기도", 16200, 16799, 8],
  ["성남", "경기도", 13100, 13699, 6],
  ["고양", "경기도", 10200, 10599, 5],
  ["용인", "경기도", 16800, 17199, 5],
  ["창원", "경상남도", 51100, 51799, 4],
  ["청주", "충청북도", 28100, 28799, 3],
  ["전주", "전라북도", 54800, 55199, 2],
  ["제주", "제주특별자치도", 63000, 63399, 3],
];
const PROMOTIONS = ["FRESH10", "WEEKEND-SALE", "NEWMEMBER", "FREE-SHIPPING", "CHUSEOK2024", "SEOLLAL2024"];
const AGE_GROUPS = ["20대", "30대", "40대", "50대", "60대 이상"];
const AGE_WEIGHTS = [15, 30, 28, 18, 9];

/** mulberry32: tiny seeded PRNG with a fixed sequence in every JS engine. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(rand: () => number, items: readonly T[], weights?: readonly number[]): T {
  const w = weights ?? items.map(() => 1);
  let r = rand() * w.reduce((a, b) => a + b, 0);
  for (let i = 0; i < items.length; i++) {
    r -= w[i] as number;
    if (r < 0) return items[i] as T;
  }
  return items[items.length - 1] as T;
}

export function generateSalesRows(seed = 20240101, count = SALES_ROW_COUNT): SalesRow[] {
  const rand = prng(seed);
  const start = Date.UTC(2024, 0, 1);
  const days = 366; // 2024 is a leap year
  const dayOffsets = Array.from({ length: count }, () => Math.floor(rand() * days)).sort((a, b) => a - b);
  return dayOffsets.map((offset) => {
    const date = new Date(start + offset * 86_400_000);
    const category = pick(rand, SALES_CATEGORIES, CATEGORY_WEIGHTS);
    const [product, sizes] = pick(rand, CATALOG[category]);
    const size = pick(rand, Object.keys(sizes));
    const qty = pick(rand, [1, 2, 3, 4, 5], [62, 22, 9, 5, 2]);
    const promos = rand() < 0.38 ? [pick(rand, PROMOTIONS)] : [];
    if (promos.length && rand() < 0.2) promos.push("FREE-SHIPPING");
    const unique = [...new Set(promos)];
    const discount = unique.some((p) => p !== "FREE-SHIPPING") ? 0.9 : 1;
    const amount = Math.round(((sizes[size] as number) * qty * discount) / 10) * 10;
    const [city, state, lo, hi] = pick(
      rand,
      CITIES,
      CITIES.map((c) => c[4]),
    );
    const postal = String(lo + Math.floor(rand() * (hi - lo + 1))).padStart(5, "0");
    return {
      Date: `${date.getUTCMonth() + 1}/${date.getUTCDate()}/${String(date.getUTCFullYear()).slice(2)}`,
      Product: product,
      Category: category,
      Size: size,
      Qty: qty,
      Amount: amount,
      "ship-city": city,
      "ship-state": state,
      "ship-postal-code": postal,
      "promotion-ids": unique.join(","),
      Gender: rand() < 0.58 ? "여성" : "남성",
      "Age Group": pick(rand, AGE_GROUPS, AGE_WEIGHTS),
    };
  });
}

function csvField(value: string | number): string {
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The dataset as CSV text (UTF-8, header row, "\n" line ends, trailing newline). */
export function salesCsv(seed?: number): string {
  const rows = generateSalesRows(seed);
  const lines = [SALES_COLUMNS.join(",")];
  for (const row of rows) lines.push(SALES_COLUMNS.map((c) => csvField(row[c])).join(","));
  return `${lines.join("\n")}\n`;
}
