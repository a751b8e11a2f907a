import { num, numbers, oneOf, optNum, optStr, str, strs } from "@gloss/core/db";
import { describe, expect, it } from "vitest";

describe("item field readers", () => {
  const item = { id: "a", n: 2, tags: ["x", "y"], counts: { x: 1 }, role: "editor", gone: null };

  it("read fields of the type the item shape says", () => {
    expect(str(item, "id")).toBe("a");
    expect(num(item, "n")).toBe(2);
    expect(strs(item, "tags")).toEqual(["x", "y"]);
    expect(numbers(item, "counts")).toEqual({ x: 1 });
    expect(oneOf(item, "role", ["owner", "editor", "viewer"])).toBe("editor");
  });

  it("read an absent optional field as null, an absent list or map as empty", () => {
    expect(optStr(item, "missing")).toBeNull();
    expect(optStr(item, "gone")).toBeNull();
    expect(optNum(item, "missing")).toBeNull();
    expect(strs(item, "missing")).toEqual([]);
    expect(numbers(item, "missing")).toEqual({});
  });

  it("refuse a field no Gloss code wrote, naming it", () => {
    expect(() => str(item, "n")).toThrow(/attribute n is not a string/);
    expect(() => str(item, "missing")).toThrow(/attribute missing is not/);
    expect(() => num(item, "id")).toThrow(/attribute id is not a number/);
    expect(() => optStr(item, "n")).toThrow(/attribute n is not/);
    expect(() => strs(item, "counts")).toThrow(/attribute counts is not/);
    expect(() => numbers(item, "tags")).toThrow(/attribute tags is not/);
    expect(() => oneOf(item, "role", ["owner", "viewer"])).toThrow(/attribute role is not one of/);
  });
});
