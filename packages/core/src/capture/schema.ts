import { z } from "zod";

export const CaptureUrlInput = z
  .strictObject({
    url: z.string().min(1).max(2000).describe("An http(s) URL of a public page"),
    title: z.string().trim().min(1).max(300).optional().describe("Defaults to the page's title"),
  })
  .meta({ id: "CaptureUrlInput" });

export const SendPageInput = z
  .strictObject({
    url: z.string().min(1).max(2000).describe("The page's address as the browser showed it"),
    html: z
      .string()
      .min(1)
      .describe("The rendered page's HTML (document.documentElement.outerHTML)"),
    title: z.string().max(300).optional(),
  })
  .meta({ id: "SendPageInput" });
