-- CoAuthor Desk's own filter: the book's boxes (key learning, commentary, bylines, notes) as
-- each output shows them. Word files get the house styles of reference.docx; the PDF gets the
-- functions of book.typst; e-books keep the classes for their style sheet.

local styles = {
  ["key-learning"] = "Key Learning",
  ["commentary"] = "Commentary",
  ["byline"] = "Byline",
  ["draft-note"] = "Draft Note",
  ["review-note"] = "Review Note",
}

-- A box says what it is in words, not only by its look.
local titles = { ["key-learning"] = "Key learning" }

local function box_class(div)
  for _, class in ipairs(div.classes) do
    if styles[class] then return class end
  end
end

function Div(div)
  local class = box_class(div)
  if not class then return nil end
  if FORMAT == "typst" then
    local blocks = pandoc.Blocks({ pandoc.RawBlock("typst", "#" .. class:gsub("-", "") .. "[") })
    blocks:extend(div.content)
    blocks:insert(pandoc.RawBlock("typst", "]"))
    return blocks
  end
  if titles[class] then
    local title = pandoc.Div({ pandoc.Para({ pandoc.Strong(titles[class]) }) })
    if FORMAT == "docx" then title.attributes["custom-style"] = "Box Title" end
    div.content:insert(1, title)
  end
  if FORMAT == "docx" then div.attributes["custom-style"] = styles[class] end
  return div
end

-- Pictures are not exported yet: each is shown by its description, so nothing outside the
-- book's text is ever read.
function Image(image)
  local described = pandoc.utils.stringify(image.caption)
  if described == "" then described = "no description" end
  return pandoc.Emph({ pandoc.Str("[Picture: " .. described .. "]") })
end
