"""The Tax page: the tax year's figures, the monthly chart and the workbook exports.
May import microbiz, Qt, ui.common and other ui folders' public (not _private) modules.
"""
