-- CoAuthor Desk's own pandoc filter for pictures (nothing from a book folder is ever used as
-- a filter). Pandoc runs sandboxed and cannot open files, so the app copies the pictures that
-- may be exported (inside the book folder, of a picture kind) into the export's work folder
-- and lists them in the file named by COAUTHOR_PICTURES: the name as written, the copy's name
-- and its kind, between tabs. Only those are shown; any other picture is shown by its
-- description. The app runs it only when a text has pictures.

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
