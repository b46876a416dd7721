-- CoAuthor Desk's own pandoc filter (nothing from a book folder is ever used as a filter).
--
-- Boxes: for the PDF, the book's boxes (key learning, commentary, bylines, notes) become calls
-- to the functions of book.typst. Word files get their styles without a filter, and e-books
-- keep the classes for their style sheet.
--
-- Pictures: pandoc runs sandboxed and cannot open files, so the app copies the pictures that
-- may be exported (inside the book folder, of a picture kind) into the export's work folder
-- and lists them in the file named by COAUTHOR_PICTURES: the name as written, the copy's name
-- and its kind, between tabs. Only those are shown; any other picture is shown by its
-- description. (The app runs this filter for Word files and e-books only when a chapter has
-- pictures: without it, the sandbox already keeps every file out.)

local boxes = {
  ["key-learning"] = "keylearning",
  ["commentary"] = "commentary",
  ["byline"] = "byline",
  ["draft-note"] = "draftnote",
  ["review-note"] = "reviewnote",
}

function Div(div)
  if FORMAT ~= "typst" then return nil end
  for _, class in ipairs(div.classes) do
    local call = boxes[class]
    if call then
      local blocks = pandoc.Blocks({ pandoc.RawBlock("typst", "#" .. call .. "[") })
      blocks:extend(div.content)
      blocks:insert(pandoc.RawBlock("typst", "]"))
      return blocks
    end
  end
end

local list_file = os.getenv("COAUTHOR_PICTURES")
local folder = list_file and list_file:match("^(.*)[/\\]") or "."
local pictures = {}
if list_file then
  for line in io.lines(list_file) do
    local written, name, kind = line:match("^(.-)\t(.-)\t(.+)$")
    if written then pictures[written] = { name = name, kind = kind } end
  end
end

function Image(image)
  local picture = pictures[image.src]
  if picture then
    if FORMAT ~= "typst" then -- typst reads the copy itself, from the same folder
      local file = io.open(folder .. "/" .. picture.name, "rb")
      local data = file:read("a")
      file:close()
      pandoc.mediabag.insert(picture.name, picture.kind, data)
    end
    image.src = picture.name
    return image
  end
  local described = pandoc.utils.stringify(image.caption)
  if described == "" then described = "no description" end
  return pandoc.Emph({ pandoc.Str("[Picture: " .. described .. "]") })
end
